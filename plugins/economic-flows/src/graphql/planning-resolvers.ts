import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type GraphQLContext } from '@commonplace/sdk';
import { actionOf, type ActionId } from '../actions/table.js';
import type { FlowsDb, ProposalRow } from '../db/tables.js';
import { findQueriedRef } from '../model/refs.js';
import { PlanningService } from '../services/planning.js';
import * as T from './types.js';
import * as I from './inputs.js';
import { rowById } from './loaders.js';
import type { EconomicFlowsServices } from '../services.js';

function dbOf(services: EconomicFlowsServices): FlowsDb {
  return services.db;
}

async function proposalOf(db: FlowsDb, row: ProposalRow): Promise<T.Proposal> {
  const links = await db
    .selectFrom('economic_flows_proposal_intents as pi')
    .innerJoin('economic_flows_intents as i', 'i.id', 'pi.intent_id')
    .selectAll('i')
    .select('pi.reciprocal')
    .where('pi.proposal_id', '=', row.id)
    .execute();
  return Object.assign(new T.Proposal(), {
    id: row.id,
    uri: row.uri,
    name: row.name,
    note: row.note,
    purpose: row.purpose,
    unitBased: row.unit_based,
    eligibleLocation: row.eligible_location,
    hasBeginning: T.iso(row.has_beginning),
    hasEnd: T.iso(row.has_end),
    publishes: links.filter((link) => !link.reciprocal).map((link) => T.Intent.of(link)),
    reciprocal: links.filter((link) => link.reciprocal).map((link) => T.Intent.of(link)),
  });
}

/** Fields shared by intents and commitments (type-graphql's resolver inheritance). */
function intentFieldsResolver(objectType: typeof T.Intent | typeof T.Commitment) {
  @Resolver(() => objectType)
  class IntentFieldsResolver {
  constructor(protected readonly services: EconomicFlowsServices) {}

  @FieldResolver(() => T.Action)
  action(@Root() intent: T.Intent): T.Action {
    return T.Action.of(actionOf(intent.row.action as ActionId));
  }

  @FieldResolver(() => T.Agent, { nullable: true })
  async provider(@Root() intent: T.Intent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_agents', intent.row.provider);
    return row ? T.Agent.of(row) : null;
  }

  @FieldResolver(() => T.Agent, { nullable: true })
  async receiver(@Root() intent: T.Intent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_agents', intent.row.receiver);
    return row ? T.Agent.of(row) : null;
  }

  @FieldResolver(() => T.Measure, { nullable: true })
  async resourceQuantity(@Root() intent: T.Intent) {
    if (intent.row.resource_quantity_value === null || !intent.row.resource_quantity_unit) return null;
    const unit = await dbOf(this.services).selectFrom('economic_flows_units').selectAll().where('id', '=', intent.row.resource_quantity_unit).executeTakeFirstOrThrow();
    return Object.assign(new T.Measure(), { hasNumericalValue: Number(intent.row.resource_quantity_value), hasUnit: T.Unit.of(unit) });
  }
  }
  return IntentFieldsResolver;
}

export const IntentFieldResolver = intentFieldsResolver(T.Intent);
export const CommitmentFieldResolver = intentFieldsResolver(T.Commitment);

@Resolver()
export class IntentResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Mutation(() => T.Intent)
  async createIntent(@Arg('intent', () => I.IntentCreateParams) input: I.IntentCreateParams, @Ctx() context: GraphQLContext) {
    return T.Intent.of(await new PlanningService(this.services).createIntent(requireViewer(context), 'intent', input));
  }

  @Query(() => T.Intent, { nullable: true })
  async intent(@Arg('id', () => ID) id: string) {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_intents', id);
    return row && row.kind === 'intent' ? T.Intent.of(row) : null;
  }
}

@Resolver(() => T.Commitment)
export class CommitmentResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Mutation(() => T.Commitment)
  async createCommitment(@Arg('commitment', () => I.CommitmentCreateParams) input: I.CommitmentCreateParams, @Ctx() context: GraphQLContext) {
    return T.Commitment.of(await new PlanningService(this.services).createIntent(requireViewer(context), 'commitment', input));
  }

  @Query(() => T.Commitment, { nullable: true })
  async commitment(@Arg('id', () => ID) id: string) {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_intents', id);
    return row && row.kind === 'commitment' ? T.Commitment.of(row) : null;
  }

  @FieldResolver(() => [T.EconomicEvent], { description: 'Events that fulfill this commitment.' })
  async fulfilledBy(@Root() commitment: T.Commitment) {
    return (await dbOf(this.services).selectFrom('economic_flows_events').selectAll().where('fulfills', '=', commitment.id).orderBy('seq').execute()).map(T.EconomicEvent.of);
  }
}

@Resolver()
export class AgreementsResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Mutation(() => T.Proposal)
  async createProposal(@Arg('proposal', () => I.ProposalCreateParams) input: I.ProposalCreateParams, @Ctx() context: GraphQLContext) {
    const row = await new PlanningService(this.services).createProposal(requireViewer(context), input);
    return proposalOf(dbOf(this.services), row);
  }

  @Query(() => T.Proposal, { nullable: true })
  async proposal(@Arg('id', () => ID) id: string) {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_proposals', id);
    return row ? proposalOf(dbOf(this.services), row) : null;
  }

  @Mutation(() => T.Agreement)
  async createAgreement(@Arg('agreement', () => I.AgreementCreateParams) input: I.AgreementCreateParams, @Ctx() context: GraphQLContext) {
    return Object.assign(new T.Agreement(), await new PlanningService(this.services).createAgreement(requireViewer(context), input));
  }

  @Mutation(() => T.Plan)
  async createPlan(@Arg('plan', () => I.PlanCreateParams) input: I.PlanCreateParams, @Ctx() context: GraphQLContext) {
    const row = await new PlanningService(this.services).createPlan(requireViewer(context), input);
    return Object.assign(new T.Plan(), { ...row, due: T.iso(row.due) });
  }

  @Mutation(() => T.Claim)
  async createClaim(@Arg('claim', () => I.ClaimCreateParams) input: I.ClaimCreateParams, @Ctx() context: GraphQLContext) {
    const row = await new PlanningService(this.services).createClaim(requireViewer(context), input);
    const db = dbOf(this.services);
    const [provider, receiver] = await Promise.all([rowById(db, 'economic_flows_agents', row.provider), rowById(db, 'economic_flows_agents', row.receiver)]);
    const unit = row.resource_quantity_unit ? await db.selectFrom('economic_flows_units').selectAll().where('id', '=', row.resource_quantity_unit).executeTakeFirst() : undefined;
    return Object.assign(new T.Claim(), {
      id: row.id,
      uri: row.uri,
      action: row.action,
      provider: T.Agent.of(provider!),
      receiver: T.Agent.of(receiver!),
      triggeredBy: row.triggered_by,
      resourceQuantity: unit && row.resource_quantity_value !== null ? Object.assign(new T.Measure(), { hasNumericalValue: row.resource_quantity_value, hasUnit: T.Unit.of(unit) }) : null,
      due: T.iso(row.due),
      note: row.note,
    });
  }
}
