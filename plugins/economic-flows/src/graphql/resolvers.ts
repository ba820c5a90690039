import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  BadUserInputError,
  ConnectionArgs,
  Cost,
  isUuid,
  paginate,
  requireViewer,
  type GraphQLContext,
  } from '@commonplace/sdk';
import { ACTIONS, actionOf, isActionId, type ActionId } from '../actions/table.js';
import type { EventRow, FlowsDb, ResourceRow } from '../db/tables.js';
import { findQueriedRef } from '../model/refs.js';
import { AgentDirectory } from '../services/agents.js';
import { EventRecorder } from '../services/event-recorder.js';
import { PlanningService } from '../services/planning.js';
import { publishFederatedEvent } from '../federation/publish-event.js';
import { TraceService, type TraceItem } from '../trace/trace-service.js';
import type { FlowKind } from '../trace/flow-graph.js';
import * as T from './types.js';
import * as I from './inputs.js';
import { rowById } from './loaders.js';
import { unitOrNull } from '../model/quantities.js';
import type { EconomicFlowsServices } from '../services.js';

function dbOf(services: EconomicFlowsServices): FlowsDb {
  return services.db;
}

function toItem(item: TraceItem): T.EconomicEvent | T.EconomicResource | T.Process {
  return item.kind === 'event' ? T.EconomicEvent.of(item.row) : item.kind === 'resource' ? T.EconomicResource.of(item.row) : T.Process.of(item.row);
}

async function measure(services: EconomicFlowsServices, value: number | null, unitId: string | null): Promise<T.Measure | null> {
  if (value === null || unitId === null) return null;
  // Standard units from memory: a trace's every event has a quantity.
  const unit = await unitOrNull(dbOf(services), unitId);
  if (!unit) return null;
  return Object.assign(new T.Measure(), { hasNumericalValue: Number(value), hasUnit: T.Unit.of(unit) });
}

async function agent(services: EconomicFlowsServices, id: string | null): Promise<T.Agent | null> {
  const row = await rowById(dbOf(services), 'economic_flows_agents', id);
  return row ? T.Agent.of(row) : null;
}

@Resolver()
export class KnowledgeResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Query(() => [T.Action], { description: 'The 19 ValueFlows actions and their effects.' })
  actions(): T.Action[] {
    return [...ACTIONS.values()].map(T.Action.of);
  }

  @Query(() => T.Action, { nullable: true })
  action(@Arg('id', () => ID) id: string): T.Action | null {
    return isActionId(id) ? T.Action.of(actionOf(id)) : null;
  }

  @Query(() => [T.Unit])
  async units(): Promise<T.Unit[]> {
    return (await dbOf(this.services).selectFrom('economic_flows_units').selectAll().orderBy('dimension').orderBy('factor').execute()).map(T.Unit.of);
  }

  @Mutation(() => T.Unit)
  async createUnit(@Arg('unit', () => I.UnitCreateParams) unit: I.UnitCreateParams, @Ctx() context: GraphQLContext): Promise<T.Unit> {
    requireViewer(context);
    return T.Unit.of(await new PlanningService(this.services).createUnit(unit));
  }

  @Mutation(() => T.ResourceSpecification)
  async createResourceSpecification(
    @Arg('resourceSpecification', () => I.ResourceSpecificationCreateParams) input: I.ResourceSpecificationCreateParams,
    @Ctx() context: GraphQLContext,
  ): Promise<T.ResourceSpecification> {
    requireViewer(context);
    return T.ResourceSpecification.of(await new PlanningService(this.services).createSpecification('economic_flows_resource_specifications', input));
  }

  @Mutation(() => T.ProcessSpecification)
  async createProcessSpecification(
    @Arg('processSpecification', () => I.ProcessSpecificationCreateParams) input: I.ProcessSpecificationCreateParams,
    @Ctx() context: GraphQLContext,
  ): Promise<T.ProcessSpecification> {
    requireViewer(context);
    return T.ProcessSpecification.of(await new PlanningService(this.services).createSpecification('economic_flows_process_specifications', input));
  }
}

@Resolver(() => T.Agent)
export class AgentResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Query(() => T.Agent, { description: 'The logged-in person as a ValueFlows agent.' })
  async myAgent(@Ctx() context: GraphQLContext): Promise<T.Agent> {
    return T.Agent.of(await new AgentDirectory(this.services).forViewer(requireViewer(context)));
  }

  @Query(() => T.Agent, { nullable: true })
  async agent(@Arg('id', () => ID) id: string): Promise<T.Agent | null> {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_agents', id);
    return row ? T.Agent.of(row) : null;
  }

  // Two key pairs (RSA and Ed25519), like signUp: weighed as core weighs signUp.
  @Cost(1_000)
  @Mutation(() => T.Agent, { description: 'An organisation: a federated Organization actor, with you as its owner.' })
  async createOrganization(@Arg('organization', () => I.OrganizationCreateParams) input: I.OrganizationCreateParams, @Ctx() context: GraphQLContext): Promise<T.Agent> {
    return T.Agent.of(await new AgentDirectory(this.services).createOrganization(requireViewer(context), input));
  }

  @Mutation(() => T.Agent, { description: 'Registers the public key of an EdDSA pair made on the client (with Zencode); the secret never reaches the server.' })
  async setAgentPublicKey(
    @Arg('publicKey', () => String) publicKey: string,
    @Arg('agent', () => ID, { nullable: true, description: 'Default: your own agent.' }) agentRef: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<T.Agent> {
    return T.Agent.of(await new AgentDirectory(this.services).setPublicKey(requireViewer(context), agentRef, publicKey));
  }

  @Mutation(() => T.AgentRelationship)
  async createAgentRelationship(@Arg('relationship', () => I.AgentRelationshipCreateParams) input: I.AgentRelationshipCreateParams, @Ctx() context: GraphQLContext) {
    const made = await new AgentDirectory(this.services).addRelationship(requireViewer(context), input);
    return Object.assign(new T.AgentRelationship(), { id: made.id, subject: T.Agent.of(made.subject), object: T.Agent.of(made.object), role: made.role });
  }
}

@Resolver(() => T.EconomicEvent)
export class EconomicEventResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Mutation(() => T.EconomicEventResponse, { description: 'Records an event and applies its action’s effects, in one transaction.' })
  async createEconomicEvent(
    @Arg('event', () => I.EconomicEventCreateParams) event: I.EconomicEventCreateParams,
    @Arg('newInventoriedResource', () => I.EconomicResourceCreateParams, { nullable: true }) newResource: I.EconomicResourceCreateParams | null,
    @Ctx() context: GraphQLContext,
  ): Promise<T.EconomicEventResponse> {
    // The extension point's own path, so that dependents record with exactly these rules.
    const recorded = await this.services.economicFlows.recordEvent(requireViewer(context), event, newResource ?? null);
    return Object.assign(new T.EconomicEventResponse(), {
      economicEvent: T.EconomicEvent.of(recorded.event),
      economicResource: recorded.resource ? T.EconomicResource.of(recorded.resource) : null,
    });
  }

  @Mutation(() => [T.EconomicEventResponse], {
    description: 'Records several events in one transaction, in order, each signed and checked as createEconomicEvent does; one refused event refuses all (its error names its index).',
  })
  async createEconomicEvents(
    @Arg('events', () => [I.EconomicEventBatchItem]) events: I.EconomicEventBatchItem[],
    @Ctx() context: GraphQLContext,
  ): Promise<T.EconomicEventResponse[]> {
    const viewer = requireViewer(context);
    const recorder = await new AgentDirectory(this.services).forViewer(viewer);
    const recorded = await new EventRecorder(this.services).recordMany(
      events.map((item) => ({ input: item.event, newResource: item.newInventoriedResource ?? null })),
      { recorder, afterRecord: (done, tx) => publishFederatedEvent(this.services, done, tx) },
    );
    return recorded.map((done) =>
      Object.assign(new T.EconomicEventResponse(), {
        economicEvent: T.EconomicEvent.of(done.event),
        economicResource: done.resource ? T.EconomicResource.of(done.resource) : null,
      }),
    );
  }

  @Query(() => String, { description: 'The canonical (RFC 8785) JSON of an event: what its provider signs, as UTF-8, with Ed25519.' })
  async economicEventSigningPayload(
    @Arg('event', () => I.EconomicEventCreateParams) event: I.EconomicEventCreateParams,
    @Arg('newInventoriedResource', () => I.EconomicResourceCreateParams, { nullable: true }) newResource: I.EconomicResourceCreateParams | null,
    @Ctx() context: GraphQLContext,
  ): Promise<string> {
    const recorder = await new AgentDirectory(this.services).forViewer(requireViewer(context));
    return new EventRecorder(this.services).signingPayload(event, newResource ?? null, recorder);
  }

  @Query(() => T.EconomicEvent, { nullable: true })
  async economicEvent(@Arg('id', () => ID) id: string): Promise<T.EconomicEvent | null> {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_events', id);
    return row ? T.EconomicEvent.of(row) : null;
  }

  @Query(() => T.EconomicEventConnection, { description: 'Events, newest first.' })
  async economicEvents(
    @Arg('filter', () => I.EconomicEventFilterParams, { nullable: true }) filter: I.EconomicEventFilterParams | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ) {
    const db = dbOf(this.services);
    let query = db.selectFrom('economic_flows_events').selectAll();
    const ids: Array<[keyof I.EconomicEventFilterParams, keyof EventRow]> = [
      ['provider', 'provider'], ['receiver', 'receiver'], ['resourceInventoriedAs', 'resource_inventoried_as'], ['inputOf', 'input_of'], ['outputOf', 'output_of'],
    ];
    if (filter?.action) query = query.where('action', '=', filter.action);
    for (const [field, column] of ids) {
      const value = filter?.[field];
      if (value) query = query.where(column as 'provider', '=', isUuid(value) ? value : '00000000-0000-0000-0000-000000000000');
    }
    const page = await paginate(query, {
      ...args,
      limits: this.services.config.pageLimits,
      sortColumn: 'seq',
      sortType: 'number',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: Number(row.seq), id: row.id }),
    });
    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: T.EconomicEvent.of(edge.node) })), nodes: page.nodes.map(T.EconomicEvent.of) };
  }

  @FieldResolver(() => T.Action)
  action(@Root() event: T.EconomicEvent): T.Action {
    return T.Action.of(actionOf(event.row.action as ActionId));
  }

  @FieldResolver(() => T.Agent)
  provider(@Root() event: T.EconomicEvent) {
    return agent(this.services, event.row.provider);
  }

  @FieldResolver(() => T.Agent)
  receiver(@Root() event: T.EconomicEvent) {
    return agent(this.services, event.row.receiver);
  }

  @FieldResolver(() => T.EconomicResource, { nullable: true })
  async resourceInventoriedAs(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_resources', event.row.resource_inventoried_as);
    return row ? T.EconomicResource.of(row) : null;
  }

  @FieldResolver(() => T.EconomicResource, { nullable: true })
  async toResourceInventoriedAs(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_resources', event.row.to_resource_inventoried_as);
    return row ? T.EconomicResource.of(row) : null;
  }

  @FieldResolver(() => T.ResourceSpecification, { nullable: true })
  async resourceConformsTo(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_resource_specifications', event.row.resource_conforms_to);
    return row ? T.ResourceSpecification.of(row) : null;
  }

  @FieldResolver(() => T.Measure, { nullable: true })
  resourceQuantity(@Root() event: T.EconomicEvent) {
    return measure(this.services, event.row.resource_quantity_value, event.row.resource_quantity_unit);
  }

  @FieldResolver(() => T.Measure, { nullable: true })
  effortQuantity(@Root() event: T.EconomicEvent) {
    return measure(this.services, event.row.effort_quantity_value, event.row.effort_quantity_unit);
  }

  @FieldResolver(() => T.Process, { nullable: true })
  async inputOf(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_processes', event.row.input_of);
    return row ? T.Process.of(row) : null;
  }

  @FieldResolver(() => T.Process, { nullable: true })
  async outputOf(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_processes', event.row.output_of);
    return row ? T.Process.of(row) : null;
  }

  @FieldResolver(() => T.EconomicEvent, { nullable: true, description: 'The event this one corrects.' })
  async corrects(@Root() event: T.EconomicEvent) {
    const row = await rowById(dbOf(this.services), 'economic_flows_events', event.row.corrects);
    return row ? T.EconomicEvent.of(row) : null;
  }

  @FieldResolver(() => [T.EconomicEvent], { description: 'Events that correct this one.' })
  async correctedBy(@Root() event: T.EconomicEvent) {
    const rows = await dbOf(this.services).selectFrom('economic_flows_events').selectAll().where('corrects', '=', event.id).orderBy('seq').execute();
    return rows.map(T.EconomicEvent.of);
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async previous(@Root() event: T.EconomicEvent) {
    return (await new TraceService(this.services).previous({ kind: 'event', id: event.id })).map(toItem);
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async next(@Root() event: T.EconomicEvent) {
    return (await new TraceService(this.services).next({ kind: 'event', id: event.id })).map(toItem);
  }
}

@Resolver(() => T.EconomicResource)
export class EconomicResourceResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Query(() => T.EconomicResource, { nullable: true })
  async economicResource(@Arg('id', () => ID) id: string): Promise<T.EconomicResource | null> {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_resources', id);
    return row ? T.EconomicResource.of(row) : null;
  }

  @FieldResolver(() => T.Measure, { nullable: true })
  accountingQuantity(@Root() resource: T.EconomicResource) {
    return measure(this.services, resource.row.accounting_quantity, resource.row.unit);
  }

  @FieldResolver(() => T.Measure, { nullable: true })
  onhandQuantity(@Root() resource: T.EconomicResource) {
    return measure(this.services, resource.row.onhand_quantity, resource.row.unit);
  }

  @FieldResolver(() => T.Agent, { nullable: true })
  primaryAccountable(@Root() resource: T.EconomicResource) {
    return agent(this.services, resource.row.primary_accountable);
  }

  @FieldResolver(() => T.Agent, { nullable: true, description: 'Who holds it physically (its onhand quantity); not a VF 1.0 property.' })
  custodian(@Root() resource: T.EconomicResource) {
    return agent(this.services, resource.row.custodian);
  }

  @FieldResolver(() => T.EconomicResource, { nullable: true })
  async containedIn(@Root() resource: T.EconomicResource) {
    const row = await rowById(dbOf(this.services), 'economic_flows_resources', resource.row.contained_in);
    return row ? T.EconomicResource.of(row) : null;
  }

  @FieldResolver(() => T.ProcessSpecification, { nullable: true })
  async stage(@Root() resource: T.EconomicResource) {
    const row = await rowById(dbOf(this.services), 'economic_flows_process_specifications', resource.row.stage);
    return row ? T.ProcessSpecification.of(row) : null;
  }

  @FieldResolver(() => T.ResourceSpecification, { nullable: true })
  async conformsTo(@Root() resource: T.EconomicResource) {
    const row = await rowById(dbOf(this.services), 'economic_flows_resource_specifications', resource.row.conforms_to);
    return row ? T.ResourceSpecification.of(row) : null;
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async previous(@Root() resource: T.EconomicResource) {
    return (await new TraceService(this.services).previous({ kind: 'resource', id: resource.id })).map(toItem);
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async next(@Root() resource: T.EconomicResource) {
    return (await new TraceService(this.services).next({ kind: 'resource', id: resource.id })).map(toItem);
  }
}

@Resolver(() => T.Process)
export class ProcessResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Mutation(() => T.Process)
  async createProcess(@Arg('process', () => I.ProcessCreateParams) input: I.ProcessCreateParams, @Ctx() context: GraphQLContext): Promise<T.Process> {
    requireViewer(context);
    return T.Process.of(await new PlanningService(this.services).createProcess(input));
  }

  @Query(() => T.Process, { nullable: true })
  async process(@Arg('id', () => ID) id: string): Promise<T.Process | null> {
    const row = await findQueriedRef(dbOf(this.services), 'economic_flows_processes', id);
    return row ? T.Process.of(row) : null;
  }

  @FieldResolver(() => T.ProcessSpecification, { nullable: true })
  async basedOn(@Root() process: T.Process) {
    const row = await rowById(dbOf(this.services), 'economic_flows_process_specifications', process.row.based_on);
    return row ? T.ProcessSpecification.of(row) : null;
  }

  @FieldResolver(() => [T.EconomicEvent])
  async inputs(@Root() process: T.Process) {
    return (await dbOf(this.services).selectFrom('economic_flows_events').selectAll().where('input_of', '=', process.id).orderBy('seq').execute()).map(T.EconomicEvent.of);
  }

  @FieldResolver(() => [T.EconomicEvent])
  async outputs(@Root() process: T.Process) {
    return (await dbOf(this.services).selectFrom('economic_flows_events').selectAll().where('output_of', '=', process.id).orderBy('seq').execute()).map(T.EconomicEvent.of);
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async previous(@Root() process: T.Process) {
    return (await new TraceService(this.services).previous({ kind: 'process', id: process.id })).map(toItem);
  }

  @FieldResolver(() => [T.TrackTraceItem])
  async next(@Root() process: T.Process) {
    return (await new TraceService(this.services).next({ kind: 'process', id: process.id })).map(toItem);
  }
}

@Resolver()
export class TrackTraceResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Query(() => [T.TrackTraceItem], { description: 'Where a resource came from: the ValueFlows trace, newest first, depth-first.' })
  async trace(
    @Arg('resourceId', () => ID) resourceId: string,
    @Arg('depth', () => Int, { nullable: true }) depth: number | null,
    @Arg('startKind', () => String, { nullable: true, description: 'resource (default), event or process.' }) startKind: string | null,
  ) {
    return (await new TraceService(this.services).trace({ kind: kindOf(startKind), ref: resourceId }, depth)).map(toItem);
  }

  @Query(() => [T.TrackTraceItem], { description: 'Where a resource went: the ValueFlows track, depth-first.' })
  async track(
    @Arg('resourceId', () => ID) resourceId: string,
    @Arg('depth', () => Int, { nullable: true }) depth: number | null,
    @Arg('startKind', () => String, { nullable: true, description: 'resource (default), event or process.' }) startKind: string | null,
  ) {
    return (await new TraceService(this.services).track({ kind: kindOf(startKind), ref: resourceId }, depth)).map(toItem);
  }

  @Query(() => [T.TrackTraceStep], { description: 'The trace with each item’s distance from the start.' })
  async traceSteps(@Arg('resourceId', () => ID) resourceId: string, @Arg('depth', () => Int, { nullable: true }) depth: number | null) {
    return (await new TraceService(this.services).trace({ kind: 'resource', ref: resourceId }, depth)).map((item) =>
      Object.assign(new T.TrackTraceStep(), { distance: item.distance, item: toItem(item) }),
    );
  }
}

function kindOf(value: string | null): FlowKind {
  if (value === null || value === undefined || value === 'resource') return 'resource';
  if (value === 'event' || value === 'process') return value;
  throw new BadUserInputError(`startKind is resource, event or process, not ${value}.`, 'startKind');
}

export type { ResourceRow };
