import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { DatabaseJobs, DRAIN_TIMEOUT_MS, type JobsBackendOptions } from './backend.js';
import { runAttempt, describeError } from './attempt.js';
import { retryDelayMs } from './backoff.js';
import { payloadToJson } from './payload.js';
import { Poller } from './poller.js';
import type { JobRow, Lease } from './job-store.js';
import type { ResolvedJob } from './registry.js';

/** The one BullMQ queue every job goes through; instances sharing a Redis differ by prefix. */
export const JOBS_QUEUE_NAME = 'jobs';
export const DEFAULT_QUEUE_PREFIX = 'commonplace';

const RELAY_BATCH = 100;
const RECONCILE_BATCH = 100;
const REDIS_PING_TIMEOUT_MS = 2_000;
/** BullMQ states in which a job will still run (or is running): its row needs no rescue. */
const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Jobs on BullMQ (Redis), for scale. `core_jobs` stays the transactional outbox: a relay loop sends
 * committed rows to the queue, the worker records outcomes back in the rows, so dead letters and
 * retries read the same table as the in-process adapter.
 */
export class BullmqJobs extends DatabaseJobs {
  readonly kind = 'bullmq' as const;
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  private readonly prefix: string;
  private queueConnection: Redis | undefined;
  private queueInstance: Queue | undefined;
  private workerConnection: Redis | undefined;
  private worker: Worker | undefined;
  private readonly relay: Poller;

  constructor(
    options: JobsBackendOptions,
    private readonly redisUrl: string,
  ) {
    super(options);
    this.prefix = options.queuePrefix ?? DEFAULT_QUEUE_PREFIX;
    this.relay = new Poller(
      options.settings.pollIntervalMs,
      async () => {
        while ((await this.relayBatch()) === RELAY_BATCH);
      },
      (error) => this.log.error({ err: error }, 'relaying jobs to BullMQ failed; retrying at the next interval'),
    );
  }

  override async schedule(name: string, everyMs: number, payload?: unknown): Promise<void> {
    await super.schedule(name, everyMs, payload);
    const job = this.registry.get(name);
    // Keyed by job name, like the schedule row: upserting it again from any process changes nothing.
    await this.queue().upsertJobScheduler(
      name,
      { every: everyMs },
      { name, data: JSON.parse(payloadToJson(name, payload)), opts: jobOptions(job.maxAttempts, job.backoffMs) },
    );
  }

  override async retryDead(id: string): Promise<void> {
    // A failed copy kept in Redis would make the relay's add a no-op (BullMQ dedupes by jobId).
    await this.queue().remove(id);
    await super.retryDead(id);
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`The jobs backend cannot start: it is ${this.state}`);
    this.registry.seal();
    this.state = 'started';
    this.worker = this.createWorker();
    await this.startMaintenance();
    this.relay.start();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.relay.stop();
    await this.stopMaintenance();
    // Worker.close() stops fetching and waits for the jobs it is running.
    if (this.worker) await this.waitWithGrace(this.worker.close());
    await this.queueInstance?.close();
    await Promise.all([closeConnection(this.workerConnection), closeConnection(this.queueConnection)]);
  }

  override async ping(): Promise<boolean> {
    if (!(await super.ping())) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), REDIS_PING_TIMEOUT_MS);
    });
    try {
      return (await Promise.race([this.connection().ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Relays every row, then waits until no row is due or running and BullMQ has nothing waiting or active. */
  async drain(): Promise<void> {
    // Without start() a worker is needed for the duration of the drain only.
    const worker = this.worker ?? this.createWorker();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    try {
      for (;;) {
        await this.recover();
        while ((await this.relayBatch()) > 0);
        const counts = await this.queue().getJobCounts('active', 'waiting', 'prioritized');
        const inRedis = (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0);
        if (inRedis === 0 && (await this.store.countUnfinished()) === 0) return;
        if (Date.now() > deadline) throw new Error(`Jobs drain: work still unfinished after ${DRAIN_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      if (worker !== this.worker) await worker.close();
    }
  }

  protected onLocalEnqueue(): void {
    this.relay.wake();
  }

  /**
   * Rows stuck past a lease: running ones whose worker vanished, relayed ones Redis no longer has.
   * BullMQ recovers its own stalled jobs; this covers what BullMQ cannot see (an unrelayed running
   * row, a Redis that lost its data).
   */
  protected async recover(): Promise<void> {
    const cutoff = new Date(this.options.clock.now().getTime() - this.options.settings.leaseMs);
    const alive: string[] = [];
    const lost: string[] = [];
    for (const row of await this.store.suspectRelayed(cutoff, RECONCILE_BATCH)) {
      const state = row.relayed_at ? await this.queue().getJobState(row.id) : 'unknown';
      if (LIVE_STATES.has(state)) {
        alive.push(row.id);
        continue;
      }
      // A finished copy kept in Redis would turn the relay's add into a no-op.
      if (state !== 'unknown') await this.queue().remove(row.id);
      lost.push(row.id);
    }
    await this.store.confirmRelayed(alive);
    const returned = await this.store.returnToQueue({ ids: lost });
    this.logRecovered(returned, 'job lost (its worker stopped, or Redis lost it)');
    if (returned.length > 0) this.relay.wake();
  }

  /**
   * Sends one batch of committed, unrelayed rows to BullMQ. The add comes first and relayed_at after:
   * a crash in between re-adds the same jobId, which BullMQ ignores.
   */
  private async relayBatch(): Promise<number> {
    const queue = this.queue();
    return this.options.db.transaction().execute(async (tx) => {
      const rows = await this.store.claimUnrelayed(tx, RELAY_BATCH);
      if (rows.length === 0) return 0;
      const now = this.options.clock.now().getTime();
      await queue.addBulk(
        rows.map((row) => ({
          name: row.name,
          data: row.payload,
          opts: {
            ...jobOptions(Math.max(1, row.max_attempts - row.attempts), row.backoff_ms),
            jobId: row.id,
            delay: Math.max(0, new Date(row.run_at).getTime() - now),
          },
        })),
      );
      await this.store.markRelayed(
        tx,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  private createWorker(): Worker {
    // A worker blocks on Redis; BullMQ requires such connections to retry forever.
    this.workerConnection ??= this.redis({ maxRetriesPerRequest: null });
    const worker = new Worker(
      JOBS_QUEUE_NAME,
      // Three parameters: BullMQ passes a cancellation signal only to processors that declare it.
      (job: Job, _token?: string, signal?: AbortSignal) => this.process(job, signal),
      // One worker runs every job: it gets every slot of this process (the shared ones and each job's own).
      { connection: this.workerConnection, prefix: this.prefix, concurrency: this.registry.totalConcurrency() },
    );
    worker.on('error', (error) => this.log.error({ err: error }, 'BullMQ worker error'));
    return worker;
  }

  private async process(job: Job, signal: AbortSignal | undefined): Promise<void> {
    const definition = this.registry.find(job.name);
    const abortWhen = signal ? [this.shutdown.signal, signal] : [this.shutdown.signal];
    // A scheduler's run has no row: BullMQ made it, not the outbox.
    if (job.repeatJobKey) return this.processScheduledRun(job, definition, abortWhen);

    const row = await this.store.claimById(job.id ?? '', this.workerId);
    if (!row) {
      this.log.debug({ job: job.name, jobId: job.id }, 'job already finished: a repeated delivery, skipped');
      return;
    }
    const lease: Lease = { id: row.id, lockedBy: this.workerId, attempt: row.attempts };
    try {
      if (!definition) throw new Error(`Unknown job "${job.name}": no handler is registered in this worker`);
      await runAttempt({
        handler: definition.handler,
        payload: row.payload,
        context: { name: row.name, jobId: row.id, attempt: row.attempts, maxAttempts: row.max_attempts },
        timeoutMs: row.timeout_ms,
        abortWhen,
      });
    } catch (error) {
      await this.recordFailure(job, row, lease, error);
      throw error; // BullMQ retries with its backoff, or gives up
    }
    await this.store.complete(lease);
  }

  private async recordFailure(job: Job, row: JobRow, lease: Lease, error: unknown): Promise<void> {
    const bindings = { job: row.name, jobId: row.id, attempt: row.attempts, maxAttempts: row.max_attempts, err: error };
    const lastAttempt = isLastAttempt(job) || row.attempts >= row.max_attempts;
    if (this.shutdown.signal.aborted) {
      // The row stays pending; if BullMQ dropped the job, recover() sends it again after a lease.
      this.log.info(bindings, 'job cut short by shutdown: queued again');
      await this.store.release(lease);
    } else if (!lastAttempt) {
      const delayMs = retryDelayMs(row.backoff_ms, job.attemptsMade + 1);
      this.log.info({ ...bindings, retryInMs: delayMs }, 'job failed; retrying later');
      await this.store.retryLater(lease, describeError(error), new Date(this.options.clock.now().getTime() + delayMs));
    } else {
      this.log.warn(bindings, 'job failed its last attempt: moved to dead letters');
      await this.store.bury(lease, describeError(error));
    }
  }

  private async processScheduledRun(
    job: Job,
    definition: ResolvedJob | undefined,
    abortWhen: AbortSignal[],
  ): Promise<void> {
    const maxAttempts = job.opts.attempts ?? 1;
    try {
      if (!definition) throw new Error(`Unknown job "${job.name}": no handler is registered in this worker`);
      await runAttempt({
        handler: definition.handler,
        payload: job.data,
        context: { name: job.name, jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts },
        timeoutMs: definition.timeoutMs,
        abortWhen,
      });
    } catch (error) {
      if (isLastAttempt(job) && !this.shutdown.signal.aborted) {
        // Recorded as a row so that deadLetters() shows it and retryDead() can run it through the outbox.
        const id = await this.store.insertDead({
          name: job.name,
          payloadJson: payloadToJson(job.name, job.data),
          attempts: job.attemptsMade + 1,
          maxAttempts,
          backoffMs: definition?.backoffMs ?? this.options.settings.backoffMs,
          timeoutMs: definition?.timeoutMs ?? this.options.settings.timeoutMs,
          error: describeError(error),
        });
        this.log.warn(
          { job: job.name, jobId: id, err: error },
          'scheduled job failed its last attempt: moved to dead letters',
        );
      }
      throw error;
    }
  }

  private queue(): Queue {
    if (!this.queueInstance) {
      this.queueInstance = new Queue(JOBS_QUEUE_NAME, { connection: this.connection(), prefix: this.prefix });
      this.queueInstance.on('error', (error) => this.log.error({ err: error }, 'BullMQ queue error'));
    }
    return this.queueInstance;
  }

  /** The non-blocking connection (queue, ping): commands fail after a few retries instead of hanging. */
  private connection(): Redis {
    this.queueConnection ??= this.redis({});
    return this.queueConnection;
  }

  private redis(options: { maxRetriesPerRequest?: null }): Redis {
    const connection = new Redis(this.redisUrl, options);
    // Without a listener ioredis prints every reconnection error; BullMQ reports what matters.
    connection.on('error', (error) => this.log.debug({ err: error }, 'Redis connection error'));
    return connection;
  }
}

/** Every job is removed from Redis once it ends: its row in core_jobs is the record. */
function jobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

/** Inside the processor, attemptsMade counts the attempts before this one. */
function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

async function closeConnection(connection: Redis | undefined): Promise<void> {
  if (!connection) return;
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
