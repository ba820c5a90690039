import type { Executor, JobsPort, LifecycleEventName, LifecycleEvents } from '@commonplace/sdk/internal';

/** The job that carries one lifecycle event to the plugins that declared a handler for it (`events`). */
export const LIFECYCLE_EVENT_JOB = 'core.lifecycle-event';

export interface LifecycleEventPayload<E extends LifecycleEventName = LifecycleEventName> {
  event: E;
  payload: LifecycleEvents[E];
}

/**
 * Queues a lifecycle event in the transaction that caused it (a follow accepted, an actor deleted...),
 * so plugins hear of it once that commits, and only then; the job fans it out to each plugin's handler.
 */
export async function emitLifecycleEvent<E extends LifecycleEventName>(
  jobs: Pick<JobsPort, 'enqueue'>,
  event: E,
  payload: LifecycleEvents[E],
  options: { tx: Executor },
): Promise<void> {
  const job: LifecycleEventPayload<E> = { event, payload };
  await jobs.enqueue(LIFECYCLE_EVENT_JOB, job, { tx: options.tx });
}
