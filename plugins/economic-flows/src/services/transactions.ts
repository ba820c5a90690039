import type { FlowsDb, FlowsExecutor } from '../db/tables.js';

/** Runs in the caller's transaction when there is one (an inbox handler's), or in a new one. */
export function inTransaction<T>(db: FlowsDb | FlowsExecutor, work: (tx: FlowsExecutor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
