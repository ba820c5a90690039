import type { Executor } from './db.js';

/** Options for one enqueued job. */
export interface EnqueueOptions {
  /**
   * Write the job in this transaction: it exists if and only if the transaction commits,
   * so a crash between a write and its job loses neither.
   */
  tx?: Executor;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Attempts before the job goes to the dead-letter state (default: the instance's `jobs.maxAttempts`). */
  maxAttempts?: number;
  /** A job with the same key that is still pending or running is not enqueued twice. */
  dedupeKey?: string;
}

export interface JobContext {
  /** Full job name, `<plugin-id>.<name>` for plugin jobs. */
  name: string;
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the process shuts down; long handlers should stop early. */
  signal: AbortSignal;
}

export type JobHandler<Payload = any> = (payload: Payload, context: JobContext) => Promise<void>;

export interface JobDefinition<Payload = any> {
  handler: JobHandler<Payload>;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (exponential backoff). */
  backoffMs?: number;
  /** Handler time limit; a job running longer fails this attempt. */
  timeoutMs?: number;
  /**
   * Slots of its own in each process, beside the shared ones (setting jobs.concurrency): for jobs that
   * mostly wait on the network, such as deliveries, which would otherwise hold every shared slot.
   */
  concurrency?: number;
}

export interface JobSchedule {
  /** Job name as registered (plugin jobs without their prefix in a plugin definition). */
  job: string;
  /** Interval in milliseconds. */
  everyMs: number;
  payload?: unknown;
}

export type JobState = 'pending' | 'running' | 'completed' | 'dead';

export interface JobRecord {
  id: string;
  name: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: Date;
}

/** Durable jobs: in-process over database rows (embedded) or BullMQ on Redis (at scale). */
export interface JobsPort {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<{ id: string }>;
  /** Jobs that exhausted their attempts, newest first. */
  deadLetters(limit?: number): Promise<JobRecord[]>;
  /** Put a dead job back in the queue with fresh attempts. */
  retryDead(id: string): Promise<void>;
}
