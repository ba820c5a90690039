import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '@commonplace/sdk';

export interface BatchJob {
  payload: unknown;
  dedupeKey: string;
}

export interface BatchJobOptions {
  /** Full job name (`core.federation.deliver`). */
  name: string;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  now: Date;
}

/** Rows per INSERT: 10 parameters a row stays far below PostgreSQL's 65,535. */
const CHUNK = 1_000;

/**
 * Many jobs of one kind in the caller's transaction, a thousand rows per statement. The JobsPort
 * enqueues one row per call; a fan-out to thousands of inboxes would cost as many round trips, so this
 * writes the same `core_jobs` rows the port writes (same columns and states, the same dedupe rule: a
 * key held by a pending or running job is skipped). The in-process runner claims them and the BullMQ
 * relay moves them exactly as it does rows the port wrote, since it reads committed unrelayed rows.
 * Returns how many rows were inserted.
 */
export async function enqueueBatch(tx: Executor, jobs: readonly BatchJob[], options: BatchJobOptions): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < jobs.length; start += CHUNK) {
    const rows = jobs.slice(start, start + CHUNK).map((job) => ({
      id: randomUUID(),
      name: options.name,
      // Sent as text and cast, so PGlite does not encode the JSON text a second time.
      payload: sql`cast(cast(${JSON.stringify(job.payload)} as text) as jsonb)`,
      state: 'pending',
      attempts: 0,
      max_attempts: options.maxAttempts,
      backoff_ms: options.backoffMs,
      timeout_ms: options.timeoutMs,
      run_at: options.now,
      dedupe_key: job.dedupeKey,
      created_at: options.now,
    }));
    const result = await tx
      .insertInto('core_jobs')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .columns(['name', 'dedupe_key'])
          .where(sql<boolean>`state in ('pending', 'running')`)
          .doNothing(),
      )
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}
