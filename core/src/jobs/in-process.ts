import { DatabaseJobs, DRAIN_TIMEOUT_MS, type JobsBackendOptions } from './backend.js';
import { runAttempt, describeError } from './attempt.js';
import { retryDelayMs } from './backoff.js';
import { CompletionBatcher } from './completion-batcher.js';
import { Poller } from './poller.js';
import type { JobRow, Lease } from './job-store.js';

/** The most finished jobs recorded in one statement. */
const COMPLETION_BATCH_MAX = 256;

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
  private readonly completions: CompletionBatcher;
  private schedulesCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(options: JobsBackendOptions) {
    super(options);
    this.poller = new Poller(
      options.settings.pollIntervalMs,
      () => this.poll(),
      (error) => this.log.error({ err: error }, 'jobs poll failed; retrying at the next interval'),
    );
    this.completions = new CompletionBatcher(this.store, COMPLETION_BATCH_MAX);
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

  private async poll(): Promise<void> {
    // Schedules fire on minute boundaries at the finest: once per poll interval is plenty, and a busy
    // queue (a pass after every finished job) would otherwise spend a transaction per job on them.
    const now = performance.now();
    if (now - this.schedulesCheckedAt >= this.options.settings.pollIntervalMs) {
      this.schedulesCheckedAt = now;
      await this.fireDueSchedules();
    }
    for (const pool of this.registry.pools()) {
      const free = pool.concurrency - pool.names.reduce((sum, name) => sum + (this.runningByName.get(name) ?? 0), 0);
      const claimed = await this.store.claimDue(free, pool.names, this.workerId);
      for (const row of claimed) void this.launch(row);
    }
  }

  /** Enqueues the runs of due schedules, in the transaction that moves each schedule to its next run. */
  private async fireDueSchedules(): Promise<void> {
    await this.options.db.transaction().execute(async (tx) => {
      for (const due of await this.schedules.claimDue(tx, this.registry.names())) {
        const job = this.registry.get(due.name);
        await this.store.insert(tx, {
          name: due.name,
          payloadJson: JSON.stringify(due.payload ?? null),
          maxAttempts: job.maxAttempts,
          backoffMs: job.backoffMs,
          timeoutMs: job.timeoutMs,
          // A run still waiting or running is not doubled by the next one (a slow or failing job).
          dedupeKey: `schedule:${due.name}`,
        });
      }
    });
  }

  private launch(row: JobRow): Promise<void> {
    this.runningByName.set(row.name, (this.runningByName.get(row.name) ?? 0) + 1);
    const attempt = this.runJob(row).finally(() => {
      this.running.delete(row.id);
      this.runningByName.set(row.name, (this.runningByName.get(row.name) ?? 1) - 1);
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
      await this.completions.complete(lease);
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
