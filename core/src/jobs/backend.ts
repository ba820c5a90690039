import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type {
  Clock,
  EnqueueOptions,
  InstanceSettings,
  JobDefinition,
  JobRecord,
  JobsPort,
  Logger,
} from '@commonplace/sdk/internal';
import { JobRegistry } from './registry.js';
import { JobStore } from './job-store.js';
import { ScheduleStore } from './schedule-store.js';
import { payloadToJson } from './payload.js';
import { CLEANUP_EVERY_MS, maintenanceIntervalMs } from './maintenance.js';

export interface JobsBackend extends JobsPort {
  readonly kind: 'in-process' | 'bullmq';
  /** Before start(); a duplicate name throws. */
  register(name: string, definition: JobDefinition): void;
  /** Recurring job; idempotent by name across restarts and processes. */
  schedule(name: string, everyMs: number, payload?: unknown): Promise<void>;
  /** Start working jobs (the web process with `runInWebProcess`, or a worker process). */
  start(): Promise<void>;
  /** Stop claiming; abort handlers' signals after the grace; wait for running handlers; close Redis connections. */
  stop(): Promise<void>;
  /** For /readyz: the database (and Redis) reachable. */
  ping(): Promise<boolean>;
  /** Tests: run every job that is due now until none is left (works without start()). */
  drain(): Promise<void>;
  /** Rows were committed without enqueue() (a batch insert): look for them now. */
  notifyEnqueued(): void;
}

export interface JobsBackendOptions {
  db: Kysely<any>;
  settings: InstanceSettings['jobs'];
  /** Set: jobs run on BullMQ; unset: in-process over database rows. */
  redisUrl?: string;
  log: Logger;
  clock: Clock;
  /** Redis key prefix of the BullMQ queue (tests use one per test). */
  queuePrefix?: string;
  dialect: 'postgres' | 'pglite';
  /** How long stop() lets running handlers finish before aborting their signals (the instance's http.shutdownGraceMs). */
  shutdownGraceMs?: number;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/**
 * drain() gives up, saying so, rather than spin forever (a job that enqueues itself, a clock that
 * never reaches a retry); below the test timeout, so the test reports this error and not a hang.
 */
export const DRAIN_TIMEOUT_MS = 20_000;
/** Default page of deadLetters(). */
const DEAD_LETTER_PAGE = 50;

/** What both adapters share: the registry, the outbox rows and the schedule rows. */
export abstract class DatabaseJobs implements JobsBackend {
  abstract readonly kind: 'in-process' | 'bullmq';
  protected readonly registry: JobRegistry;
  protected readonly store: JobStore;
  protected readonly schedules: ScheduleStore;
  protected readonly log: Logger;
  /** locked_by of the rows this backend runs: unique per backend, readable in the table. */
  protected readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Aborted when the shutdown grace runs out: every handler's signal follows it. */
  protected readonly shutdown = new AbortController();
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private maintaining: Promise<void> | undefined;
  private lastCleanupAt = Number.NEGATIVE_INFINITY;

  constructor(protected readonly options: JobsBackendOptions) {
    // Every running attempt listens to the shutdown signal (and removes its listener when done); with
    // many attempts at once that is expected, not Node's suspected leak.
    setMaxListeners(0, this.shutdown.signal);
    this.registry = new JobRegistry(options.settings);
    this.store = new JobStore(options.db, options.clock);
    this.schedules = new ScheduleStore(options.db, options.clock);
    this.log = options.log.child({ component: 'jobs' });
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract drain(): Promise<void>;
  /** A job was committed by this process: work can start sooner than the next poll. */
  protected abstract onLocalEnqueue(): void;
  /** Periodic crash recovery (expired leases, jobs Redis lost). */
  protected abstract recover(): Promise<void>;

  register(name: string, definition: JobDefinition): void {
    this.registry.register(name, definition);
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<{ id: string }> {
    const job = this.registry.get(name);
    if (options.maxAttempts !== undefined && !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
      throw new Error(`Job "${name}": maxAttempts must be a positive integer, got ${options.maxAttempts}`);
    }
    if (options.delayMs !== undefined && !(Number.isFinite(options.delayMs) && options.delayMs >= 0)) {
      throw new Error(`Job "${name}": delayMs must be a non-negative number, got ${options.delayMs}`);
    }
    const id = await this.store.insert(options.tx ?? this.options.db, {
      name,
      payloadJson: payloadToJson(name, payload),
      maxAttempts: options.maxAttempts ?? job.maxAttempts,
      backoffMs: job.backoffMs,
      timeoutMs: job.timeoutMs,
      delayMs: options.delayMs,
      dedupeKey: options.dedupeKey,
    });
    // Inside a transaction the row is invisible until commit; the next poll finds it.
    if (!options.tx) this.onLocalEnqueue();
    return { id };
  }

  /**
   * Rows were committed without enqueue() (a batch insert in a handler's transaction, as a fan-out
   * makes): look for them now rather than at the next poll.
   */
  notifyEnqueued(): void {
    this.onLocalEnqueue();
  }

  async schedule(name: string, everyMs: number, payload?: unknown): Promise<void> {
    this.registry.get(name);
    if (!Number.isInteger(everyMs) || everyMs < 1) {
      throw new Error(`Schedule of job "${name}": everyMs must be a positive integer, got ${everyMs}`);
    }
    await this.schedules.upsert(name, everyMs, payloadToJson(name, payload));
  }

  deadLetters(limit = DEAD_LETTER_PAGE): Promise<JobRecord[]> {
    return this.store.deadLetters(limit);
  }

  async retryDead(id: string): Promise<void> {
    await this.store.retryDead(id);
    this.onLocalEnqueue();
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.options.db);
      return true;
    } catch {
      return false;
    }
  }

  /** Recovers at once (a previous process may have died mid-job), then periodically. */
  protected async startMaintenance(): Promise<void> {
    await this.maintain();
    this.maintenanceTimer = setInterval(() => {
      if (!this.maintaining) this.maintaining = this.maintain().finally(() => (this.maintaining = undefined));
    }, maintenanceIntervalMs(this.options.settings.leaseMs));
    this.maintenanceTimer.unref();
  }

  protected async stopMaintenance(): Promise<void> {
    clearInterval(this.maintenanceTimer);
    this.maintenanceTimer = undefined;
    await this.maintaining;
  }

  private async maintain(): Promise<void> {
    try {
      await this.recover();
      await this.deleteOldCompleted();
    } catch (error) {
      this.log.error({ err: error }, 'jobs maintenance failed; retrying at the next interval');
    }
  }

  private async deleteOldCompleted(): Promise<void> {
    const now = this.options.clock.now().getTime();
    if (now - this.lastCleanupAt < CLEANUP_EVERY_MS) return;
    this.lastCleanupAt = now;
    const { completedRetentionMs, deadRetentionMs } = this.options.settings;
    const deleted = await this.store.deleteCompletedBefore(new Date(now - completedRetentionMs));
    if (deleted > 0) this.log.debug({ deleted }, 'deleted completed jobs past their retention');
    const deadDeleted = await this.store.deleteDeadBefore(new Date(now - deadRetentionMs));
    if (deadDeleted > 0) this.log.info({ deleted: deadDeleted }, 'deleted dead jobs past their retention');
  }

  protected logRecovered(rows: ReadonlyArray<{ id: string; name: string; state: string }>, reason: string): void {
    for (const row of rows) {
      const outcome = row.state === 'dead' ? 'that was its last attempt: moved to dead letters' : 'queued again';
      this.log.warn({ job: row.name, jobId: row.id }, `${reason}; ${outcome}`);
    }
  }

  protected get graceMs(): number {
    return this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  }

  /** Waits for `work`, aborting the handlers' signals if it outlasts the grace. */
  protected async waitWithGrace(work: Promise<unknown>): Promise<void> {
    const timer = setTimeout(() => {
      this.log.warn({ graceMs: this.graceMs }, 'jobs still running after the shutdown grace: aborting them');
      this.shutdown.abort(new Error('the process is shutting down'));
    }, this.graceMs);
    try {
      await work;
    } finally {
      clearTimeout(timer);
    }
  }
}
