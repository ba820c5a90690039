import type { Executor, JobsPort, LifecycleEventName, LifecycleEvents } from '@commonplace/sdk/internal';

/** One plugin's delivery of one lifecycle event: a job of its own, so a failing plugin is retried alone. */
export const LIFECYCLE_DELIVERY_JOB = 'core.lifecycle-delivery';

export interface LifecycleDelivery<E extends LifecycleEventName = LifecycleEventName> {
  plugin: string;
  event: E;
  payload: LifecycleEvents[E];
}

/** The plugins (by id, in boot order) that declared a handler for an event. */
export type LifecycleSubscribers = (event: LifecycleEventName) => readonly string[];

/**
 * Where an instance's jobs port carries its subscribers: an own, enumerable symbol property, so a
 * copy (`{ ...jobs, enqueue }`) and a forwarding port (forwardingLifecycleJobs) carry them too.
 */
const SUBSCRIBERS = Symbol('commonplace.lifecycleSubscribers');

/** What an emitter needs of the jobs port: enqueue in the caller's transaction, and the instance's subscribers. */
export type LifecycleJobs = Pick<JobsPort, 'enqueue'>;

/** The kernel, at boot: which plugins handle which event, on the instance's jobs backend. */
export function registerLifecycleSubscribers(jobs: object, subscribers: LifecycleSubscribers): void {
  Object.defineProperty(jobs, SUBSCRIBERS, { value: subscribers, enumerable: true, configurable: true });
}

/** A jobs port read at each call (the container's): enqueues there, and has its subscribers. */
export function forwardingLifecycleJobs(current: () => LifecycleJobs): LifecycleJobs {
  const port: LifecycleJobs = { enqueue: (...args) => current().enqueue(...args) };
  Object.defineProperty(port, SUBSCRIBERS, { get: () => subscribersOf(current()), enumerable: true });
  return port;
}

/** Whether any plugin handles `event`: an emitter may skip work that only the event needs. */
export function hasLifecycleSubscribers(jobs: LifecycleJobs, event: LifecycleEventName): boolean {
  return (subscribersOf(jobs)?.(event).length ?? 0) > 0;
}

function subscribersOf(jobs: object): LifecycleSubscribers | undefined {
  return (jobs as { [SUBSCRIBERS]?: LifecycleSubscribers })[SUBSCRIBERS];
}

/**
 * Queues a lifecycle event in the transaction that caused it (a follow accepted, an actor deleted...):
 * one `core.lifecycle-delivery` job per plugin that handles it, so plugins hear of it once that
 * commits, and only then, and a failing plugin is retried alone. No plugin handling it: nothing is queued.
 */
export async function emitLifecycleEvent<E extends LifecycleEventName>(
  jobs: LifecycleJobs,
  event: E,
  payload: LifecycleEvents[E],
  options: { tx: Executor },
): Promise<void> {
  for (const plugin of subscribersOf(jobs)?.(event) ?? []) {
    const delivery: LifecycleDelivery<E> = { plugin, event, payload };
    await jobs.enqueue(LIFECYCLE_DELIVERY_JOB, delivery, { tx: options.tx });
  }
}
