/**
 * Durable jobs (the sdk's JobsPort): `core_jobs` rows written in the caller's transaction, run
 * in-process from the database, or relayed to BullMQ when Redis is configured.
 */
import { BullmqJobs } from './bullmq.js';
import { InProcessJobs } from './in-process.js';
import type { JobsBackend, JobsBackendOptions } from './backend.js';

export type { JobsBackend, JobsBackendOptions } from './backend.js';
export { DEFAULT_SHUTDOWN_GRACE_MS } from './backend.js';
export { JOBS_QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './bullmq.js';
export { retryDelayMs } from './backoff.js';

export function createJobsBackend(options: JobsBackendOptions): JobsBackend {
  return options.redisUrl ? new BullmqJobs(options, options.redisUrl) : new InProcessJobs(options);
}
