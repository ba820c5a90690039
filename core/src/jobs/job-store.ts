import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { isUuid, type Clock, type Executor, type JobRecord, type JobState } from '@commonplace/sdk/internal';

/** A `core_jobs` row as the database returns it. */
export interface JobRow {
  id: string;
  name: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  timeout_ms: number;
  run_at: Date;
  locked_at: Date | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  relayed_at: Date | null;
  created_at: Date;
  finished_at: Date | null;
}

export type ReturnedRow = Pick<JobRow, 'id' | 'name' | 'state'>;

export interface NewJob {
  name: string;
  /** Already-validated JSON text (see payloadToJson). */
  payloadJson: string;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  delayMs?: number;
  dedupeKey?: string;
}

export interface DeadJob {
  name: string;
  payloadJson: string;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  error: string;
}

/** Who holds a running row, and on which attempt: updates from a worker that lost its lease change nothing. */
export interface Lease {
  id: string;
  lockedBy: string;
  attempt: number;
}

const LEASE_EXPIRED = 'lease expired: the process running it stopped';
const UNIQUE_VIOLATION = '23505';

/** Sent as text and cast, so that PGlite does not JSON-encode the JSON text a second time. */
function jsonb(json: string) {
  return sql`cast(cast(${json} as text) as jsonb)`;
}

/**
 * Every SQL statement on `core_jobs`. "Now" always comes from the injected clock, never SQL now(),
 * so that tests move time by hand.
 */
export class JobStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  /**
   * Inserts through `executor` (the caller's transaction, if any).
   * With a dedupe key already taken, inserts nothing and returns the id of the job holding it.
   */
  async insert(executor: Executor, job: NewJob): Promise<string> {
    const now = this.clock.now();
    // Twice at most: the job holding the key may finish between the insert and the look-up.
    for (let round = 0; round < 2; round++) {
      const id = randomUUID();
      const inserted = await executor
        .insertInto('core_jobs')
        .values({
          id,
          name: job.name,
          payload: jsonb(job.payloadJson),
          state: 'pending',
          attempts: 0,
          max_attempts: job.maxAttempts,
          backoff_ms: job.backoffMs,
          timeout_ms: job.timeoutMs,
          run_at: new Date(now.getTime() + Math.max(0, job.delayMs ?? 0)),
          dedupe_key: job.dedupeKey ?? null,
          created_at: now,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['name', 'dedupe_key'])
            .where(sql<boolean>`state in ('pending', 'running')`)
            .doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (inserted) return id;
      if (job.dedupeKey === undefined) break;
      const holder = await executor
        .selectFrom('core_jobs')
        .select('id')
        .where('name', '=', job.name)
        .where('dedupe_key', '=', job.dedupeKey)
        .where('state', 'in', ['pending', 'running'])
        .executeTakeFirst();
      if (holder) return holder.id as string;
    }
    throw new Error(`Job "${job.name}": could not enqueue with dedupe key "${job.dedupeKey}"`);
  }

  /**
   * Due pending rows of the jobs in `names`, now running under `lockedBy`. Rows another process is
   * claiming are skipped, not waited for; names this process does not know are left to one that does.
   */
  async claimDue(limit: number, names: readonly string[], lockedBy: string): Promise<JobRow[]> {
    if (limit <= 0 || names.length === 0) return [];
    return (await claimStatement(limit, names, lockedBy, this.clock.now()).execute(this.db)).rows;
  }

  /**
   * Records finished jobs and claims up to `limit` due rows of `names`, in one statement: a busy runner
   * spends one round trip per pass on both. The two parts touch different rows (running ones finish,
   * pending ones are claimed), so reading the same snapshot is safe.
   */
  async completeAndClaim(finished: readonly Lease[], limit: number, names: readonly string[], lockedBy: string): Promise<JobRow[]> {
    if (finished.length === 0) return this.claimDue(limit, names, lockedBy);
    if (limit <= 0 || names.length === 0) {
      await this.completeAll(finished);
      return [];
    }
    const now = this.clock.now();
    const result = await sql<JobRow>`
      with finished as (${completionStatement(finished, now)}), claimed as (${claimStatement(limit, names, lockedBy, now)})
      select * from claimed`.execute(this.db);
    return result.rows;
  }

  /** One row, for the BullMQ worker: null when it already finished (a duplicate delivery) or was deleted. */
  async claimById(id: string, lockedBy: string): Promise<JobRow | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .updateTable('core_jobs')
      .set({ state: 'running', locked_at: this.clock.now(), locked_by: lockedBy, attempts: sql`attempts + 1` })
      .where('id', '=', id)
      .where('state', 'in', ['pending', 'running'])
      .returningAll()
      .executeTakeFirst();
    return (row as JobRow | undefined) ?? null;
  }

  async complete(lease: Lease): Promise<void> {
    await this.leased(lease)
      .set({ state: 'completed', finished_at: this.clock.now(), locked_at: null, locked_by: null })
      .execute();
  }

  /** Several completions in one statement (the in-process runner records them together). */
  async completeAll(leases: readonly Lease[]): Promise<void> {
    if (leases.length === 0) return;
    if (leases.length === 1) return this.complete(leases[0]!);
    await completionStatement(leases, this.clock.now()).execute(this.db);
  }

  async retryLater(lease: Lease, error: string, runAt: Date): Promise<void> {
    await this.leased(lease)
      .set({ state: 'pending', run_at: runAt, last_error: error, locked_at: null, locked_by: null })
      .execute();
  }

  /** The dead-letter state: kept for inspection and retryDead(), never run again on its own. */
  async bury(lease: Lease, error: string): Promise<void> {
    await this.leased(lease)
      .set({ state: 'dead', last_error: error, finished_at: this.clock.now(), locked_at: null, locked_by: null })
      .execute();
  }

  /** Back to pending without counting the attempt: it was cut short by a shutdown, not by the job. */
  async release(lease: Lease): Promise<void> {
    await this.leased(lease)
      .set({
        state: 'pending',
        run_at: this.clock.now(),
        attempts: sql`greatest(attempts - 1, 0)`,
        locked_at: null,
        locked_by: null,
      })
      .execute();
  }

  /** Heartbeat: the rows this process is running stay leased however long their handlers take. */
  async renewLeases(ids: readonly string[], lockedBy: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('core_jobs')
      .set({ locked_at: this.clock.now() })
      .where('id', 'in', [...ids])
      .where('locked_by', '=', lockedBy)
      .where('state', '=', 'running')
      .execute();
  }

  /**
   * Crash recovery: running rows whose lease expired (the process running them died) go back to pending,
   * or to dead when that was their last attempt, so a job that kills its process cannot loop forever.
   * Also clears relayed_at, so the BullMQ relay sends them again.
   */
  async returnToQueue(target: { leaseExpiredBefore: Date } | { ids: readonly string[] }): Promise<ReturnedRow[]> {
    if ('ids' in target && target.ids.length === 0) return [];
    const now = this.clock.now();
    const lastAttempt = sql`state = 'running' and attempts >= max_attempts`;
    let query = this.db
      .updateTable('core_jobs')
      .set({
        state: sql`case when ${lastAttempt} then 'dead' else 'pending' end`,
        finished_at: sql`case when ${lastAttempt} then ${now}::timestamptz else null end`,
        last_error: sql`case when state = 'running' then ${LEASE_EXPIRED} else last_error end`,
        run_at: sql`case when state = 'running' then ${now}::timestamptz else run_at end`,
        locked_at: null,
        locked_by: null,
        relayed_at: null,
      });
    query =
      'ids' in target
        ? query.where('id', 'in', [...target.ids]).where('state', 'in', ['pending', 'running'])
        : query.where('state', '=', 'running').where('locked_at', '<', target.leaseExpiredBefore);
    return (await query.returning(['id', 'name', 'state']).execute()) as ReturnedRow[];
  }

  /** Retention: completed rows are only history; dead rows are kept longer, to be read or retried. */
  async deleteCompletedBefore(cutoff: Date): Promise<number> {
    return this.deleteFinishedBefore('completed', cutoff);
  }

  async deleteDeadBefore(cutoff: Date): Promise<number> {
    return this.deleteFinishedBefore('dead', cutoff);
  }

  private async deleteFinishedBefore(state: 'completed' | 'dead', cutoff: Date): Promise<number> {
    const result = await this.db.deleteFrom('core_jobs').where('state', '=', state).where('finished_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deadLetters(limit: number): Promise<JobRecord[]> {
    const rows = (await this.db
      .selectFrom('core_jobs')
      .selectAll()
      .where('state', '=', 'dead')
      .orderBy('finished_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute()) as JobRow[];
    return rows.map(toRecord);
  }

  async retryDead(id: string): Promise<JobRow> {
    const notFound = new Error(`No dead job with id "${id}"`);
    if (!isUuid(id)) throw notFound;
    try {
      const row = await this.db
        .updateTable('core_jobs')
        .set({
          state: 'pending',
          attempts: 0,
          run_at: this.clock.now(),
          finished_at: null,
          locked_at: null,
          locked_by: null,
          relayed_at: null,
        })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound;
      return row as JobRow;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new Error(`Dead job "${id}" cannot be retried: a job with its dedupe key is already pending`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** A failure BullMQ saw for a job that has no row (a scheduler's run): recorded so deadLetters() shows it. */
  async insertDead(job: DeadJob): Promise<string> {
    const id = randomUUID();
    const now = this.clock.now();
    await this.db
      .insertInto('core_jobs')
      .values({
        id,
        name: job.name,
        payload: jsonb(job.payloadJson),
        state: 'dead',
        attempts: job.attempts,
        max_attempts: job.maxAttempts,
        backoff_ms: job.backoffMs,
        timeout_ms: job.timeoutMs,
        run_at: now,
        last_error: job.error,
        created_at: now,
        finished_at: now,
      })
      .execute();
    return id;
  }

  // BullMQ relay -----------------------------------------------------------------------------------------

  /** Pending rows not yet in BullMQ, locked until `tx` ends so that two relays never send the same batch. */
  async claimUnrelayed(tx: Executor, limit: number): Promise<JobRow[]> {
    return (await tx
      .selectFrom('core_jobs')
      .selectAll()
      .where('state', '=', 'pending')
      .where('relayed_at', 'is', null)
      .orderBy('run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()) as JobRow[];
  }

  async markRelayed(tx: Executor, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.updateTable('core_jobs').set({ relayed_at: this.clock.now() }).where('id', 'in', [...ids]).execute();
  }

  /**
   * Rows to check against BullMQ: running past their lease, or relayed and still pending a lease later
   * (Redis may have lost them, e.g. a restart without persistence).
   */
  async suspectRelayed(cutoff: Date, limit: number): Promise<JobRow[]> {
    return (await this.db
      .selectFrom('core_jobs')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'running'), eb('locked_at', '<', cutoff)]),
          eb.and([eb('state', '=', 'pending'), eb('relayed_at', '<', cutoff)]),
        ]),
      )
      .limit(limit)
      .execute()) as JobRow[];
  }

  /** BullMQ still holds these jobs: look again a lease from now. */
  async confirmRelayed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = this.clock.now();
    await this.db
      .updateTable('core_jobs')
      .set({
        relayed_at: sql`case when state = 'pending' then ${now}::timestamptz else relayed_at end`,
        locked_at: sql`case when state = 'running' then ${now}::timestamptz else locked_at end`,
      })
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Pending-and-due or running rows: work drain() still has to wait for. */
  async countUnfinished(): Promise<number> {
    const row = await this.db
      .selectFrom('core_jobs')
      .select((eb) => eb.fn.countAll().as('count'))
      .where((eb) =>
        eb.or([eb('state', '=', 'running'), eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', this.clock.now())])]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private leased(lease: Lease) {
    return this.db
      .updateTable('core_jobs')
      .where('id', '=', lease.id)
      .where('state', '=', 'running')
      .where('locked_by', '=', lease.lockedBy)
      .where('attempts', '=', lease.attempt);
  }
}

export function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    runAt: new Date(row.run_at),
  };
}

/** Due pending rows of `names`, now running under `lockedBy` (SKIP LOCKED): claimDue's statement, and completeAndClaim's second part. */
function claimStatement(limit: number, names: readonly string[], lockedBy: string, now: Date) {
  return sql<JobRow>`
    update core_jobs
    set state = 'running', locked_at = ${now}, locked_by = ${lockedBy}, attempts = attempts + 1
    where id in (
      select id from core_jobs
      where state = 'pending' and run_at <= ${now} and name in (${sql.join(names.map((name) => sql`${name}`))})
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning *`;
}

/** The leased rows completed; a lease that is stale (claimed again since, or by another) changes nothing. */
function completionStatement(leases: readonly Lease[], now: Date) {
  return sql`
    update core_jobs j
    set state = 'completed', finished_at = ${now}, locked_at = null, locked_by = null
    from jsonb_to_recordset(${JSON.stringify(leases)}::jsonb) as l(id uuid, "lockedBy" text, attempt int)
    where j.id = l.id and j.state = 'running' and j.locked_by = l."lockedBy" and j.attempts = l.attempt`;
}
