import { isUuid } from '@commonplace/sdk';
import type { FlowsDb, EconomicFlowsTables } from '../db/tables.js';

/** Loads one row by id (null for null ids): the field resolvers' way to follow a link. */
export async function rowById<T extends keyof EconomicFlowsTables>(db: FlowsDb, table: T, id: string | null): Promise<EconomicFlowsTables[T] | null> {
  if (id === null || !isUuid(id)) return null;
  const row = await (db as any).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
  return (row as EconomicFlowsTables[T] | undefined) ?? null;
}
