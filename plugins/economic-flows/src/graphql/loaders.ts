import { isUuid, sql } from '@commonplace/sdk';
import type { FlowsDb, EconomicFlowsTables } from '../db/tables.js';

type Table = keyof EconomicFlowsTables;

interface Batch {
  ids: Set<string>;
  rows: Promise<Map<string, unknown>>;
}

/**
 * Pending lookups per database and table. GraphQL resolves a list's fields in one go (a trace's 2,000
 * items each asking for their provider...), so lookups asked for in the same tick are answered by one
 * `id = any(...)` query. Nothing is cached beyond that tick: a later request reads fresh rows.
 */
const pending = new WeakMap<FlowsDb, Map<Table, Batch>>();

/** Loads one row by id (null for null ids): the field resolvers' way to follow a link. */
export async function rowById<T extends Table>(db: FlowsDb, table: T, id: string | null): Promise<EconomicFlowsTables[T] | null> {
  if (id === null || !isUuid(id)) return null;
  const rows = await batchFor(db, table, id);
  return (rows.get(id) as EconomicFlowsTables[T] | undefined) ?? null;
}

function batchFor(db: FlowsDb, table: Table, id: string): Promise<Map<string, unknown>> {
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
    const found = (await (db as any).selectFrom(table).selectAll().where(sql`id = any(${[...ids]}::uuid[])`).execute()) as Array<{ id: string }>;
    return new Map(found.map((row) => [row.id, row as unknown]));
  });
  tables.set(table, { ids, rows });
  return rows;
}
