import { randomUUID } from 'node:crypto';
import { BadUserInputError, ForbiddenError, type Viewer } from '@commonplace/sdk';
import { ACTION_IDS, isActionId } from '../actions/table.js';
import type { AgentRow, FlowsDb, IntentRow, ProcessRow, ProposalRow, SpecificationRow, UnitRow } from '../db/tables.js';
import { checkQuantity } from '../model/quantities.js';
import { findByRef, objectUri, type ObjectKind } from '../model/refs.js';
import type { Quantity } from '../model/units.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import { AgentDirectory } from './agents.js';
import { inTransaction } from './transactions.js';
import type { EconomicFlowsServices } from '../services.js';

const UNIT_ID = /^[A-Za-z0-9_.-]{1,40}$/;
const NAME_MAX = 500;

export interface IntentInput {
  action: string;
  provider?: string | null;
  receiver?: string | null;
  resourceInventoriedAs?: string | null;
  resourceConformsTo?: string | null;
  resourceQuantity?: Quantity | null;
  effortQuantity?: Quantity | null;
  inputOf?: string | null;
  outputOf?: string | null;
  due?: string | null;
  atLocation?: string | null;
  note?: string | null;
  satisfies?: string | null;
  clauseOf?: string | null;
}

/** An offer or a request, publishing intents (and asking for reciprocal ones); references are ids or URIs. */
export interface ProposalInput {
  name?: string | null;
  note?: string | null;
  /** offer or request. */
  purpose: string;
  unitBased?: boolean | null;
  eligibleLocation?: string | null;
  hasBeginning?: string | null;
  hasEnd?: string | null;
  publishes?: readonly string[] | null;
  reciprocal?: readonly string[] | null;
}

/**
 * The knowledge and planning layers: units, specifications, processes, plans, intents, commitments,
 * proposals, agreements and claims. Each creation checks its references and names the bad one.
 */
export class PlanningService {
  private readonly agents: AgentDirectory;

  constructor(private readonly services: EconomicFlowsServices) {
    this.agents = new AgentDirectory(services);
  }

  private get db(): FlowsDb {
    return this.services.db;
  }

  private get settings(): EconomicFlowsSettings {
    return this.services.config.settings;
  }

  private uri(kind: ObjectKind, id: string): string {
    return objectUri(this.services.config.publicUrl, kind, id);
  }

  async createUnit(input: { id: string; label: string; symbol: string; omUnitIdentifier?: string | null; dimension: string; factor: number }): Promise<UnitRow> {
    if (!UNIT_ID.test(input.id)) throw new BadUserInputError('id is 1 to 40 letters, digits, dots, dashes or underscores.', 'id');
    if (!input.label.trim()) throw new BadUserInputError('label must not be empty.', 'label');
    if (!input.dimension.trim()) throw new BadUserInputError('dimension must not be empty.', 'dimension');
    if (!Number.isFinite(input.factor) || input.factor <= 0) throw new BadUserInputError('factor must be a positive number.', 'factor');
    const existing = await this.db.selectFrom('economic_flows_units').select('id').where('id', '=', input.id).executeTakeFirst();
    if (existing) throw new BadUserInputError(`id: a unit ${input.id} exists.`, 'id');
    const row: UnitRow = {
      id: input.id,
      label: input.label.trim(),
      symbol: input.symbol.trim() || input.id,
      om_unit_identifier: input.omUnitIdentifier ?? null,
      dimension: input.dimension.trim().toLowerCase(),
      factor: input.factor,
    };
    await this.db.insertInto('economic_flows_units').values(row).execute();
    return row;
  }

  async createSpecification(
    table: 'economic_flows_resource_specifications' | 'economic_flows_process_specifications',
    input: { name: string; note?: string | null; defaultUnitOfResource?: string | null; defaultUnitOfEffort?: string | null },
  ): Promise<SpecificationRow> {
    const name = this.name(input.name);
    for (const field of ['defaultUnitOfResource', 'defaultUnitOfEffort'] as const) {
      const unit = input[field];
      if (unit && !(await this.db.selectFrom('economic_flows_units').select('id').where('id', '=', unit).executeTakeFirst())) {
        throw new BadUserInputError(`${field}: no unit ${unit}.`, field);
      }
    }
    const id = randomUUID();
    const row: SpecificationRow = {
      id,
      uri: this.uri(table === 'economic_flows_resource_specifications' ? 'resource-specifications' : 'process-specifications', id),
      name,
      note: this.note(input.note),
      default_unit_of_resource: input.defaultUnitOfResource ?? null,
      default_unit_of_effort: input.defaultUnitOfEffort ?? null,
      origin: null,
      created_at: this.services.clock.now(),
    };
    await this.db.insertInto(table).values(row).execute();
    return row;
  }

  async createProcess(input: { name: string; note?: string | null; basedOn?: string | null; plannedWithin?: string | null; hasBeginning?: string | null; hasEnd?: string | null }): Promise<ProcessRow> {
    const basedOn = input.basedOn ? await findByRef(this.db, 'economic_flows_process_specifications', input.basedOn, 'basedOn', 'process specification') : null;
    const plan = input.plannedWithin ? await findByRef(this.db, 'economic_flows_plans', input.plannedWithin, 'plannedWithin', 'plan') : null;
    const id = randomUUID();
    const row: ProcessRow = {
      id,
      uri: this.uri('processes', id),
      name: this.name(input.name),
      note: this.note(input.note),
      based_on: basedOn?.id ?? null,
      planned_within: plan?.id ?? null,
      finished: false,
      has_beginning: date(input.hasBeginning, 'hasBeginning'),
      has_end: date(input.hasEnd, 'hasEnd'),
      origin: null,
      created_at: this.services.clock.now(),
    };
    await this.db.insertInto('economic_flows_processes').values(row).execute();
    return row;
  }

  async createPlan(viewer: Viewer, input: { name: string; note?: string | null; due?: string | null }) {
    const me = await this.agents.forViewer(viewer);
    const id = randomUUID();
    const row = { id, uri: this.uri('plans', id), name: this.name(input.name), note: this.note(input.note), due: date(input.due, 'due'), created_by: me.id, origin: null, created_at: this.services.clock.now() };
    await this.db.insertInto('economic_flows_plans').values(row).execute();
    return row;
  }

  async createAgreement(viewer: Viewer, input: { name?: string | null; note?: string | null }) {
    const me = await this.agents.forViewer(viewer);
    const id = randomUUID();
    const row = { id, uri: this.uri('agreements', id), name: input.name ? this.name(input.name) : null, note: this.note(input.note), created_by: me.id, origin: null, created_at: this.services.clock.now() };
    await this.db.insertInto('economic_flows_agreements').values(row).execute();
    return row;
  }

  /** An intent (one side known) or a commitment (both sides); the viewer acts for one of them. */
  async createIntent(viewer: Viewer, kind: 'intent' | 'commitment', input: IntentInput): Promise<IntentRow> {
    if (!isActionId(input.action)) throw new BadUserInputError(`action: unknown action "${input.action}"; it is one of ${ACTION_IDS.join(', ')}.`, 'action');
    if (kind === 'intent' && !input.provider && !input.receiver) throw new BadUserInputError('An intent needs a provider or a receiver.', 'provider');
    if (kind === 'commitment' && (!input.provider || !input.receiver)) throw new BadUserInputError('A commitment needs a provider and a receiver.', input.provider ? 'receiver' : 'provider');
    const provider = input.provider ? await this.agents.resolve(input.provider, 'provider') : null;
    const receiver = input.receiver ? await this.agents.resolve(input.receiver, 'receiver') : null;
    const me = await this.agents.forViewer(viewer);
    await this.requireActingFor(me, [provider, receiver]);
    return inTransaction(this.db, async (tx) => {
      const resourceQuantity = await checkQuantity(tx, input.resourceQuantity, 'resourceQuantity', { allowNegative: false });
      const effortQuantity = await checkQuantity(tx, input.effortQuantity, 'effortQuantity', { allowNegative: false, dimension: 'time' });
      const satisfies = input.satisfies ? await findByRef(tx, 'economic_flows_intents', input.satisfies, 'satisfies', 'intent') : null;
      if (satisfies && satisfies.kind !== 'intent') throw new BadUserInputError('satisfies: a commitment satisfies an intent.', 'satisfies');
      const id = randomUUID();
      const row: IntentRow = {
        id,
        uri: this.uri(kind === 'intent' ? 'intents' : 'commitments', id),
        kind,
        action: input.action,
        provider: provider?.id ?? null,
        receiver: receiver?.id ?? null,
        resource_inventoried_as: input.resourceInventoriedAs ? (await findByRef(tx, 'economic_flows_resources', input.resourceInventoriedAs, 'resourceInventoriedAs', 'economic resource')).id : null,
        resource_conforms_to: input.resourceConformsTo ? (await findByRef(tx, 'economic_flows_resource_specifications', input.resourceConformsTo, 'resourceConformsTo', 'resource specification')).id : null,
        resource_quantity_value: resourceQuantity?.value ?? null,
        resource_quantity_unit: resourceQuantity?.unit.id ?? null,
        effort_quantity_value: effortQuantity?.value ?? null,
        effort_quantity_unit: effortQuantity?.unit.id ?? null,
        input_of: input.inputOf ? (await findByRef(tx, 'economic_flows_processes', input.inputOf, 'inputOf', 'process')).id : null,
        output_of: input.outputOf ? (await findByRef(tx, 'economic_flows_processes', input.outputOf, 'outputOf', 'process')).id : null,
        due: date(input.due, 'due'),
        at_location: input.atLocation ?? null,
        note: this.note(input.note),
        satisfies: satisfies?.id ?? null,
        clause_of: input.clauseOf ? (await findByRef(tx, 'economic_flows_agreements', input.clauseOf, 'clauseOf', 'agreement')).id : null,
        finished: false,
        created_by: me.id,
        origin: null,
        created_at: this.services.clock.now(),
      };
      await tx.insertInto('economic_flows_intents').values(row).execute();
      return row;
    });
  }

  async createProposal(viewer: Viewer, input: ProposalInput): Promise<ProposalRow> {
    const purpose = input.purpose;
    if (purpose !== 'offer' && purpose !== 'request') throw new BadUserInputError('purpose is offer or request.', 'purpose');
    const me = await this.agents.forViewer(viewer);
    return inTransaction(this.db, async (tx) => {
      const id = randomUUID();
      const row: ProposalRow = {
        id,
        uri: this.uri('proposals', id),
        name: input.name ? this.name(input.name) : null,
        note: this.note(input.note),
        purpose,
        unit_based: input.unitBased ?? false,
        eligible_location: input.eligibleLocation ?? null,
        has_beginning: date(input.hasBeginning, 'hasBeginning'),
        has_end: date(input.hasEnd, 'hasEnd'),
        created_by: me.id,
        origin: null,
        created_at: this.services.clock.now(),
      };
      await tx.insertInto('economic_flows_proposals').values(row).execute();
      for (const [field, refs, reciprocal] of [['publishes', input.publishes, false], ['reciprocal', input.reciprocal, true]] as const) {
        for (const ref of new Set(refs ?? [])) {
          const intent = await findByRef(tx, 'economic_flows_intents', ref, field, 'intent');
          if (intent.kind !== 'intent') throw new BadUserInputError(`${field}: a proposal publishes intents, and ${ref} is a commitment.`, field);
          await tx.insertInto('economic_flows_proposal_intents').values({ proposal_id: id, intent_id: intent.id, reciprocal }).onConflict((oc) => oc.doNothing()).execute();
        }
      }
      return row;
    });
  }

  async createClaim(viewer: Viewer, input: { action: string; provider: string; receiver: string; triggeredBy: string; resourceQuantity?: Quantity | null; due?: string | null; note?: string | null }) {
    if (!isActionId(input.action)) throw new BadUserInputError(`action: unknown action "${input.action}".`, 'action');
    const provider = await this.agents.resolve(input.provider, 'provider');
    const receiver = await this.agents.resolve(input.receiver, 'receiver');
    const me = await this.agents.forViewer(viewer);
    await this.requireActingFor(me, [provider, receiver]);
    const triggeredBy = await findByRef(this.db, 'economic_flows_events', input.triggeredBy, 'triggeredBy', 'economic event');
    const quantity = await checkQuantity(this.db, input.resourceQuantity, 'resourceQuantity', { allowNegative: false });
    const id = randomUUID();
    const row = {
      id,
      uri: this.uri('claims', id),
      action: input.action,
      provider: provider.id,
      receiver: receiver.id,
      triggered_by: triggeredBy.id,
      resource_quantity_value: quantity?.value ?? null,
      resource_quantity_unit: quantity?.unit.id ?? null,
      due: date(input.due, 'due'),
      note: this.note(input.note),
      created_by: me.id,
      origin: null,
      created_at: this.services.clock.now(),
    };
    await this.db.insertInto('economic_flows_claims').values(row).execute();
    return row;
  }

  private async requireActingFor(me: AgentRow, agents: Array<AgentRow | null>): Promise<void> {
    for (const agent of agents) if (agent && (await this.agents.canActFor(me.id, agent.id))) return;
    throw new ForbiddenError('You act for neither the provider nor the receiver.');
  }

  private name(value: string): string {
    const name = value.trim();
    if (!name || name.length > NAME_MAX) throw new BadUserInputError(`name must have 1 to ${NAME_MAX} characters.`, 'name');
    return name;
  }

  private note(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    if (value.length > this.settings.maxNoteLength) throw new BadUserInputError(`note has at most ${this.settings.maxNoteLength} characters.`, 'note');
    return value;
  }
}

function date(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new BadUserInputError(`${field} is not a date-time (ISO 8601).`, field);
  return parsed;
}
