import { DatabaseJobs, DRAIN_TIMEOUT_MS, type JobsBackendOptions } from './backend.js';
import { runAttempt, describeError } from './attempt.js';
import { retryDelayMs } from './backoff.js';
import { Poller } from './poller.js';
import type { JobRow, Lease } from './job-store.js';

/** The most finished jobs recorded in one statement. */
const COMPLETION_BATCH_MAX = 256;
/**
 * A pass claims for a pool once this share of its slots is free (or at the poll interval), so that
 * a busy pool refills in batches rather than a row per finished job.
 */
const REFILL_SHARE = 1 / 8;
/**
 * Schedules fire on minute boundaries at the finest: looking for due ones once a second is plenty, and
 * a busy queue (a pass after every finished job) would otherwise spend a transaction per pass on them.
 */
const SCHEDULE_CHECK_MS = 1_000;
/** poolKey of the shared slots (jobs.concurrency); no job is named so. */
const SHARED_POOL = '(shared)';

interface FinishedAttempt {
  lease: Lease;
  recorded: { resolve(): void; reject(error: unknown): void };
}

/**
 * Jobs run by this process from `core_jobs` rows (the embedded default): a poll loop claims due rows
 * with SKIP LOCKED, so any number of processes can share the table without running a job twice.
 */
export class InProcessJobs extends DatabaseJobs {
  readonly kind = 'in-process' as const;
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  /** Attempts running in this process, by job id. */
  private readonly running = new Map<string, Promise<void>>();
  /** How many of each job run now, to keep each slot pool within its concurrency. */
  private readonly runningByName = new Map<string, number>();
  private readonly poller: Poller;
  /** Finished attempts waiting for the next pass to record them, by poolKey. */
  private readonly finished = new Map<string, FinishedAttempt[]>();
  private schedulesCheckedAt = Number.NEGATIVE_INFINITY;
  /** When every pool was last looked at; between such passes only pools with freed slots are. */
  private allPoolsClaimedAt = Number.NEGATIVE_INFINITY;
  /** Set by an enqueue: the next pass looks at every pool. */
  private claimEveryPool = true;
  /** Pools (by poolKey) with a slot freed since the last pass. */
  private readonly freedPools = new Set<string>();

  constructor(options: JobsBackendOptions) {
    super(options);
    this.poller = new Poller(
      options.settings.pollIntervalMs,
      () => this.poll(),
      (error) => this.log.error({ err: error }, 'jobs poll failed; retrying at the next interval'),
    );
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`The jobs backend cannot start: it is ${this.state}`);
    this.registry.seal();
    this.state = 'started';
    await this.startMaintenance();
    this.poller.start();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    // The poll pass in progress may still start jobs: wait for it before waiting for the jobs.
    await this.poller.stop();
    // No pass will record what finished meanwhile: record it now (later ones record themselves).
    for (const key of [...this.finished.keys()]) {
      while (this.finished.has(key)) await this.recordFinished(key, 0);
    }
    await this.stopMaintenance();
    await this.waitWithGrace(Promise.allSettled([...this.running.values()]));
  }

  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`Jobs drain: jobs still due after ${DRAIN_TIMEOUT_MS} ms`);
      if (this.running.size > 0) {
        await Promise.allSettled([...this.running.values()]);
        continue;
      }
      await this.recover();
      await this.fireDueSchedules();
      const claimed = (
        await Promise.all(this.registry.pools().map((pool) => this.store.claimDue(pool.concurrency, pool.names, this.workerId)))
      ).flat();
      if (claimed.length > 0) {
        await Promise.allSettled(claimed.map((row) => this.launch(row)));
        continue;
      }
      // The poll loop may hold rows it claimed but has not launched yet (SKIP LOCKED hid them from us).
      await this.poller.idle();
      if (this.running.size === 0) return;
    }
  }

  protected onLocalEnqueue(): void {
    this.claimEveryPool = true;
    this.poller.wake();
  }

  protected async recover(): Promise<void> {
    await this.store.renewLeases([...this.running.keys()], this.workerId);
    const now = this.options.clock.now().getTime();
    const recovered = await this.store.returnToQueue({
      leaseExpiredBefore: new Date(now - this.options.settings.leaseMs),
    });
    this.logRecovered(recovered, 'job lease expired (the process running it stopped)');
    if (recovered.length > 0) this.poller.wake();
  }

  /**
   * One claiming pass. A pass woken because jobs finished claims only for the pools whose slots they
   * freed: with deliveries finishing by the hundred per second, asking every other pool each time would
   * cost a query per pool per pass for nothing. Every pool is looked at after an enqueue, and at least
   * once per poll interval (rows other processes, or handlers' transactions, committed).
   */
  private async poll(): Promise<void> {
    const now = performance.now();
    if (now - this.schedulesCheckedAt >= Math.max(SCHEDULE_CHECK_MS, this.options.settings.pollIntervalMs)) {
      this.schedulesCheckedAt = now;
      if ((await this.fireDueSchedules()) > 0) this.claimEveryPool = true;
    }
    const everyPool = this.claimEveryPool || now - this.allPoolsClaimedAt >= this.options.settings.pollIntervalMs;
    if (everyPool) {
      this.claimEveryPool = false;
      this.allPoolsClaimedAt = now;
    }
    for (const pool of this.registry.pools()) {
      const key = this.poolKey(pool.names[0]!);
      if (!everyPool && !this.freedPools.has(key) && !this.finished.has(key)) continue;
      const done = this.finished.get(key)?.length ?? 0;
      const working = pool.names.reduce((sum, name) => sum + (this.runningByName.get(name) ?? 0), 0) - done;
      const free = pool.concurrency - working;
      // Busy and nearly full: wait for more to finish, so that one pass refills several slots.
      if (!everyPool && free < Math.max(1, Math.floor(pool.concurrency * REFILL_SHARE))) continue;
      this.freedPools.delete(key);
      for (const row of await this.recordFinished(key, free, pool.names)) void this.launch(row);
    }
  }

  /**
   * Records up to COMPLETION_BATCH_MAX of a pool's finished attempts and, in the same statement, claims
   * up to `free` due rows of `names` (none without names). Each attempt's slot is freed once recorded.
   */
  private async recordFinished(key: string, free: number, names: readonly string[] = []): Promise<JobRow[]> {
    const waiting = this.finished.get(key) ?? [];
    const batch = waiting.splice(0, COMPLETION_BATCH_MAX);
    if (waiting.length === 0) this.finished.delete(key);
    else this.poller.wake(); // the rest in the next pass
    try {
      const claimed = await this.store.completeAndClaim(
        batch.map((attempt) => attempt.lease),
        names.length > 0 ? free : 0,
        names,
        this.workerId,
      );
      for (const attempt of batch) attempt.recorded.resolve();
      return claimed;
    } catch (error) {
      for (const attempt of batch) attempt.recorded.reject(error);
      if (batch.length > 0) return [];
      throw error;
    }
  }

  /**
   * A successful attempt's completion: recorded by the next pass together with the claim that refills
   * its slot, or at once when no pass will come (drain() without start(), or stopping).
   */
  private recordCompletion(name: string, lease: Lease): Promise<void> {
    if (this.state !== 'started') return this.store.complete(lease);
    const key = this.poolKey(name);
    return new Promise((resolve, reject) => {
      const waiting = this.finished.get(key);
      const attempt = { lease, recorded: { resolve, reject } };
      if (waiting) waiting.push(attempt);
      else this.finished.set(key, [attempt]);
      this.poller.wake();
    });
  }

  /** Names the slot pool a job runs in: its own name when it has slots of its own, else the shared pool. */
  private poolKey(name: string): string {
    return this.registry.find(name)?.concurrency === undefined ? SHARED_POOL : name;
  }

  /**
   * Enqueues the runs of due schedules, in the transaction that moves each schedule to its next run.
   * Returns how many fired.
   */
  private async fireDueSchedules(): Promise<number> {
    return this.options.db.transaction().execute(async (tx) => {
      const due = await this.schedules.claimDue(tx, this.registry.names());
      for (const run of due) {
        const job = this.registry.get(run.name);
        await this.store.insert(tx, {
          name: run.name,
          payloadJson: JSON.stringify(run.payload ?? null),
          maxAttempts: job.maxAttempts,
          backoffMs: job.backoffMs,
          timeoutMs: job.timeoutMs,
          // A run still waiting or running is not doubled by the next one (a slow or failing job).
          dedupeKey: `schedule:${run.name}`,
        });
      }
      return due.length;
    });
  }

  private launch(row: JobRow): Promise<void> {
    this.runningByName.set(row.name, (this.runningByName.get(row.name) ?? 0) + 1);
    const attempt = this.runJob(row).finally(() => {
      this.running.delete(row.id);
      this.runningByName.set(row.name, (this.runningByName.get(row.name) ?? 1) - 1);
      this.freedPools.add(this.poolKey(row.name));
      this.poller.wake(); // a slot is free
    });
    this.running.set(row.id, attempt);
    return attempt;
  }

  /** Runs one claimed row and records the outcome; never throws (a lost update is left to lease recovery). */
  private async runJob(row: JobRow): Promise<void> {
    const lease: Lease = { id: row.id, lockedBy: this.workerId, attempt: row.attempts };
    try {
      try {
        await runAttempt({
          handler: this.registry.get(row.name).handler,
          payload: row.payload,
          context: { name: row.name, jobId: row.id, attempt: row.attempts, maxAttempts: row.max_attempts },
          timeoutMs: row.timeout_ms,
          abortWhen: [this.shutdown.signal],
        });
      } catch (error) {
        await this.recordFailure(row, lease, error);
        return;
      }
      await this.recordCompletion(row.name, lease);
    } catch (error) {
      this.log.error({ err: error, job: row.name, jobId: row.id }, 'could not record a job outcome');
    }
  }

  private async recordFailure(row: JobRow, lease: Lease, error: unknown): Promise<void> {
    const bindings = { job: row.name, jobId: row.id, attempt: row.attempts, maxAttempts: row.max_attempts, err: error };
    if (this.shutdown.signal.aborted) {
      this.log.info(bindings, 'job cut short by shutdown: queued again without counting the attempt');
      await this.store.release(lease);
    } else if (row.attempts < row.max_attempts) {
      const delayMs = retryDelayMs(row.backoff_ms, row.attempts);
      this.log.info({ ...bindings, retryInMs: delayMs }, 'job failed; retrying later');
      await this.store.retryLater(lease, describeError(error), new Date(this.options.clock.now().getTime() + delayMs));
    } else {
      this.log.warn(bindings, 'job failed its last attempt: moved to dead letters');
      await this.store.bury(lease, describeError(error));
    }
  }
}
