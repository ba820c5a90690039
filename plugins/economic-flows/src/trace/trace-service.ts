import { BadUserInputError, NotFoundError, sql } from '@commonplace/sdk';
import type { EconomicFlowsRows, EventRow, FlowsDb, FlowsExecutor, ProcessRow, ResourceRow } from '../db/tables.js';
import { checkRef, findByRefOrNull } from '../model/refs.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import { FlowGraph, type FlowEvent, type FlowKind, type FlowNode } from './flow-graph.js';
import { trace, track, type WalkedNode } from './walk.js';
import type { EconomicFlowsServices } from '../services.js';

export type TraceItem =
  | { kind: 'event'; distance: number; row: EventRow }
  | { kind: 'resource'; distance: number; row: ResourceRow }
  | { kind: 'process'; distance: number; row: ProcessRow };

const EVENT_COLUMNS = ['id', 'seq', 'action', 'resource_inventoried_as', 'to_resource_inventoried_as', 'input_of', 'output_of', 'previous_event'] as const;

/**
 * Track and trace over the database: one recursive query gathers the part of the flow graph reachable
 * in the walk's direction, then the walk runs in memory (so a 1,000-event history is one round trip,
 * not a thousand). Federated copies are rows like any other, so a walk crosses instances.
 */
export class TraceService {
  constructor(private readonly services: EconomicFlowsServices) {}

  private get db(): FlowsDb {
    return this.services.db;
  }

  private get settings(): EconomicFlowsSettings {
    return this.services.config.settings;
  }

  async trace(start: { kind: FlowKind; ref: string }, depth: number | null | undefined, tx: FlowsExecutor = this.db): Promise<TraceItem[]> {
    return this.run('trace', start, depth, tx);
  }

  async track(start: { kind: FlowKind; ref: string }, depth: number | null | undefined, tx: FlowsExecutor = this.db): Promise<TraceItem[]> {
    return this.run('track', start, depth, tx);
  }

  /** The walk, then the rows of its items: the events' rows come with the walk's query, the rest in one query per kind. */
  private async run(direction: 'trace' | 'track', start: { kind: FlowKind; ref: string }, depth: number | null | undefined, tx: FlowsExecutor): Promise<TraceItem[]> {
    const { walked, events } = await this.walkOver(direction, start, depth, tx, 'rows');
    return this.load(walked, tx, events as Map<string, EventRow>);
  }

  /** The walk alone: which items, in which order, how far from the start (no rows loaded). */
  async walk(direction: 'trace' | 'track', start: { kind: FlowKind; ref: string }, depth: number | null | undefined, tx: FlowsExecutor = this.db): Promise<WalkedNode[]> {
    return (await this.walkOver(direction, start, depth, tx, 'walk')).walked;
  }

  private async walkOver(
    direction: 'trace' | 'track',
    start: { kind: FlowKind; ref: string },
    depth: number | null | undefined,
    tx: FlowsExecutor,
    columns: EventColumns,
  ): Promise<{ walked: WalkedNode[]; events: Map<string, FlowEvent> }> {
    const maxDepth = this.settings.maxTraceDepth;
    const limit = depth ?? maxDepth;
    if (!Number.isInteger(limit) || limit < 0 || limit > maxDepth) throw new BadUserInputError(`depth must be between 0 and ${maxDepth}.`, 'depth');
    const startRow = await this.startRow(start, tx);
    const events = await (direction === 'trace' ? this.upstreamEvents(startRow, tx, columns) : this.downstreamEvents(startRow, tx, columns));
    const graph = new FlowGraph(events);
    const created = new Map<string, number>();
    const orderKey = (node: FlowNode) => (node.kind === 'event' ? (graph.event(node.id)?.seq ?? 0) : (created.get(node.id) ?? 0));
    const walked = (direction === 'trace' ? trace : track)(graph, startRow, { depth: limit, maxItems: this.settings.maxTraceItems, orderKey });
    return { walked, events: new Map(events.map((event) => [event.id, event])) };
  }

  private async startRow(start: { kind: FlowKind; ref: string }, tx: FlowsExecutor): Promise<FlowNode> {
    const table = start.kind === 'event' ? 'economic_flows_events' : start.kind === 'resource' ? 'economic_flows_resources' : 'economic_flows_processes';
    checkRef(start.ref, 'resourceId');
    const row = await findByRefOrNull(tx, table, start.ref);
    if (!row) throw new NotFoundError(`No ${start.kind === 'event' ? 'economic event' : start.kind === 'resource' ? 'economic resource' : 'process'} ${start.ref}.`);
    return { kind: start.kind, id: row.id };
  }

  /** Every event reachable backwards (previous of previous...) from the start. */
  private async upstreamEvents(start: FlowNode, tx: FlowsExecutor, columns: EventColumns): Promise<FlowEvent[]> {
    const { rows } = await sql<FlowEvent>`
      with recursive reached(kind, id) as (
        select ${start.kind}::text, ${start.id}::uuid
        union
        select step.kind, step.id from reached r cross join lateral (
          select 'event'::text as kind, e.id from economic_flows_events e
            where r.kind = 'resource' and e.resource_inventoried_as = r.id and (e.output_of is not null or e.action in ('produce', 'raise', 'lower'))
          union all
          select 'event', e.id from economic_flows_events e where r.kind = 'resource' and e.to_resource_inventoried_as = r.id
          union all
          select 'event', e.id from economic_flows_events e where r.kind = 'process' and e.input_of = r.id
          union all
          select 'process', e.output_of from economic_flows_events e where r.kind = 'event' and e.id = r.id and e.output_of is not null
          union all
          select 'resource', e.resource_inventoried_as from economic_flows_events e
            where r.kind = 'event' and e.id = r.id and e.output_of is null and e.resource_inventoried_as is not null
              and not (e.action in ('raise', 'lower') and e.previous_event is null)
        ) step
      )
      select ${selected(columns)}
      from reached r join economic_flows_events e on r.kind = 'event' and e.id = r.id
    `.execute(tx);
    return rows.map(normaliseEvent);
  }

  /** Every event reachable forwards (next of next...) from the start, with the events that name them as previousEvent. */
  private async downstreamEvents(start: FlowNode, tx: FlowsExecutor, columns: EventColumns): Promise<FlowEvent[]> {
    const { rows } = await sql<FlowEvent>`
      with recursive reached(kind, id) as (
        select ${start.kind}::text, ${start.id}::uuid
        union
        select step.kind, step.id from reached r cross join lateral (
          select 'event'::text as kind, e.id from economic_flows_events e where r.kind = 'resource' and e.resource_inventoried_as = r.id
          union all
          select 'event', e.id from economic_flows_events e where r.kind = 'process' and e.output_of = r.id
          union all
          select 'process', e.input_of from economic_flows_events e where r.kind = 'event' and e.id = r.id and e.input_of is not null
          union all
          select 'resource', e.resource_inventoried_as from economic_flows_events e
            where r.kind = 'event' and e.id = r.id and e.input_of is null and e.output_of is not null and e.resource_inventoried_as is not null
          union all
          select 'resource', e.to_resource_inventoried_as from economic_flows_events e
            where r.kind = 'event' and e.id = r.id and e.input_of is null and e.output_of is null and e.to_resource_inventoried_as is not null
        ) step
      )
      select ${selected(columns)}
      from reached r join economic_flows_events e on r.kind = 'event' and e.id = r.id
    `.execute(tx);
    return rows.map(normaliseEvent);
  }

  /** The rows of the walked items, in the walk's order. */
  private async load(walked: WalkedNode[], tx: FlowsExecutor, loadedEvents?: Map<string, EventRow>): Promise<TraceItem[]> {
    const ids = (kind: FlowKind) => walked.filter((node) => node.kind === kind).map((node) => node.id);
    const [events, resources, processes] = await Promise.all([
      loadedEvents ?? byIds(tx, 'economic_flows_events', ids('event')),
      byIds(tx, 'economic_flows_resources', ids('resource')),
      byIds(tx, 'economic_flows_processes', ids('process')),
    ]);
    const items: TraceItem[] = [];
    for (const node of walked) {
      const event = node.kind === 'event' ? events.get(node.id) : undefined;
      const resource = node.kind === 'resource' ? resources.get(node.id) : undefined;
      const process = node.kind === 'process' ? processes.get(node.id) : undefined;
      if (event) items.push({ kind: 'event', distance: node.distance, row: event });
      if (resource) items.push({ kind: 'resource', distance: node.distance, row: resource });
      if (process) items.push({ kind: 'process', distance: node.distance, row: process });
    }
    return items;
  }

  /** One step back from an item (the spec's `previous`). */
  async previous(node: FlowNode, tx: FlowsExecutor = this.db): Promise<TraceItem[]> {
    return this.step(node, 'previous', tx);
  }

  /** One step forward from an item (the spec's `next`). */
  async next(node: FlowNode, tx: FlowsExecutor = this.db): Promise<TraceItem[]> {
    return this.step(node, 'next', tx);
  }

  private async step(node: FlowNode, which: 'previous' | 'next', tx: FlowsExecutor): Promise<TraceItem[]> {
    const neighbourhood = await this.neighbourhood(node, tx);
    const graph = new FlowGraph(neighbourhood);
    const nodes = graph[which](node);
    return this.load(nodes.map((item) => ({ ...item, distance: 1, parent: node })), tx);
  }

  /** The events one step away needs: those linking to the item, and the item itself when it is an event. */
  private async neighbourhood(node: FlowNode, tx: FlowsExecutor): Promise<FlowEvent[]> {
    let query = tx.selectFrom('economic_flows_events').select([...EVENT_COLUMNS]);
    if (node.kind === 'event') query = query.where('id', '=', node.id);
    if (node.kind === 'resource') query = query.where((eb) => eb.or([eb('resource_inventoried_as', '=', node.id), eb('to_resource_inventoried_as', '=', node.id)]));
    if (node.kind === 'process') query = query.where((eb) => eb.or([eb('input_of', '=', node.id), eb('output_of', '=', node.id)]));
    return (await query.execute()).map(normaliseEvent);
  }
}

/** The walk needs a few columns; a trace that returns the events' rows takes them all from the same query. */
type EventColumns = 'walk' | 'rows';

function selected(columns: EventColumns) {
  return columns === 'rows' ? sql`e.*` : sql.join(EVENT_COLUMNS.map((column) => sql.ref(`e.${column}`)));
}

function normaliseEvent(row: FlowEvent): FlowEvent {
  return { ...row, seq: Number(row.seq) };
}

async function byIds<T extends 'economic_flows_events' | 'economic_flows_resources' | 'economic_flows_processes'>(
  tx: FlowsExecutor,
  table: T,
  ids: string[],
): Promise<Map<string, EconomicFlowsRows[T]>>;
// One query over whichever table is asked: the signature above types the rows for it.
async function byIds(tx: FlowsExecutor, table: 'economic_flows_events' | 'economic_flows_resources' | 'economic_flows_processes', ids: string[]) {
  if (ids.length === 0) return new Map();
  // One array parameter rather than a thousand: binding each id costs more than the query.
  const rows = await tx.selectFrom(table).selectAll().where(sql<boolean>`id = any(${ids}::uuid[])`).execute();
  return new Map(rows.map((row) => [row.id, row]));
}
