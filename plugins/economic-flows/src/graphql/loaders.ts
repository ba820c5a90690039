import { isUuid, sql } from '@commonplace/sdk';
import type { EconomicFlowsRows, FlowsDb } from '../db/tables.js';

/** The tables field resolvers follow links into. */
type LinkedTable =
  | 'economic_flows_agents'
  | 'economic_flows_events'
  | 'economic_flows_resources'
  | 'economic_flows_processes'
  | 'economic_flows_resource_specifications'
  | 'economic_flows_process_specifications';

interface Batch {
  ids: Set<string>;
  rows: Promise<Map<string, EconomicFlowsRows[LinkedTable]>>;
}

/**
 * Pending lookups per database and table. GraphQL resolves a list's fields in one go (a trace's 2,000
 * items each asking for their provider...), so lookups asked for in the same tick are answered by one
 * `id = any(...)` query. Nothing is cached beyond that tick: a later request reads fresh rows.
 */
const pending = new WeakMap<FlowsDb, Map<LinkedTable, Batch>>();

/** Loads one row by id (null for null ids): the field resolvers' way to follow a link. */
export async function rowById<T extends LinkedTable>(db: FlowsDb, table: T, id: string | null): Promise<EconomicFlowsRows[T] | null>;
// The batch holds rows of whichever table it reads; the signature above says which one a caller gets.
export async function rowById(db: FlowsDb, table: LinkedTable, id: string | null) {
  if (id === null || !isUuid(id)) return null;
  const rows = await batchFor(db, table, id);
  return rows.get(id) ?? null;
}

function batchFor(db: FlowsDb, table: LinkedTable, id: string): Promise<Map<string, EconomicFlowsRows[LinkedTable]>> {
  let tables = pending.get(db);
  if (!tables) pending.set(db, (tables = new Map()));
  const open = tables.get(table);
  if (open) {
    open.ids.add(id);
    return open.rows;
  }
  const ids = new Set([id]);
  const rows = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    tables.delete(table); // later lookups start the next batch
    const found = await db.selectFrom(table).selectAll().where(sql<boolean>`id = any(${[...ids]}::uuid[])`).execute();
    return new Map(found.map((row) => [row.id, row]));
  });
  tables.set(table, { ids, rows });
  return rows;
}
