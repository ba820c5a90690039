import { BadUserInputError, isUuid } from '@commonplace/sdk';
import type { EconomicFlowsRows, FlowsExecutor, TableWithUri } from '../db/tables.js';

/** Where the plugin's objects live: `<publicUrl>/economic-flows/<kind>/<id>`; the plugin's routes serve them. */
export type ObjectKind =
  | 'agents' | 'resources' | 'processes' | 'events' | 'resource-specifications' | 'process-specifications'
  | 'intents' | 'commitments' | 'proposals' | 'agreements' | 'claims' | 'plans';

export function objectUri(publicUrl: string, kind: ObjectKind, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/economic-flows/${kind}/${id}`;
}

/** The host of an absolute URL (with its port), or null. */
export function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return null;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The row a client's reference names: a local id (uuid) or an object's URI. BAD_USER_INPUT naming
 * `field` when it is neither, or names nothing we hold.
 */
export async function findByRef<T extends TableWithUri>(
  tx: FlowsExecutor,
  table: T,
  ref: string,
  field: string,
  what: string,
): Promise<EconomicFlowsRows[T]> {
  const row = await findByRefOrNull(tx, table, ref);
  if (!row) throw new BadUserInputError(`${field}: no ${what} ${ref}.`, field);
  return row;
}

export async function findByRefOrNull<T extends TableWithUri>(tx: FlowsExecutor, table: T, ref: string): Promise<EconomicFlowsRows[T] | null>;
// One query over the union of tables: Kysely types it for any of them, the signature above for the one asked.
export async function findByRefOrNull(tx: FlowsExecutor, table: TableWithUri, ref: string) {
  const column = isUuid(ref) ? 'id' : isHttpUrl(ref) ? 'uri' : null;
  if (!column) return null;
  return (await tx.selectFrom(table).selectAll().where(column, '=', ref).executeTakeFirst()) ?? null;
}

/**
 * A row a query names by id or URI (`economicResource(id: …)`): null when it names nothing we hold,
 * BAD_USER_INPUT naming `field` when the reference is neither a uuid nor an http(s) URI.
 */
export async function findQueriedRef<T extends TableWithUri>(tx: FlowsExecutor, table: T, ref: string, field = 'id'): Promise<EconomicFlowsRows[T] | null> {
  checkRef(ref, field);
  return findByRefOrNull(tx, table, ref);
}

/** BAD_USER_INPUT naming `field` unless `ref` is an id (uuid) or an http(s) URI. */
export function checkRef(ref: string, field: string): void {
  if (!isUuid(ref) && !isHttpUrl(ref)) throw new BadUserInputError(`${field}: "${String(ref).slice(0, 100)}" is neither an id (uuid) nor an http(s) URI.`, field);
}
