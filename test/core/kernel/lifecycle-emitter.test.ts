import { describe, expect, it } from 'vitest';
import { emitLifecycleEvent, forwardingLifecycleJobs, LIFECYCLE_DELIVERY_JOB, registerLifecycleSubscribers } from '../../../core/src/kernel/lifecycle-events.js';

/** A jobs port that records what is queued, and in which transaction. */
function recordingJobs() {
  const queued: Array<{ name: string; payload: unknown; tx: unknown }> = [];
  return {
    queued,
    enqueue: async (name: string, payload: unknown, options?: { tx?: unknown }) => {
      queued.push({ name, payload, tx: options?.tx });
      return { id: 'job' };
    },
  };
}
const tx = { isTransaction: true } as never;

/* Issue 21, item 7: an event costs a job row per plugin that handles it, in the emitter's transaction, and nothing when none does. */
describe('emitLifecycleEvent', () => {
  it('queues nothing when no plugin handles the event', async () => {
    const jobs = recordingJobs();
    registerLifecycleSubscribers(jobs, (event) => (event === 'follow.accepted' ? ['links'] : []));
    await emitLifecycleEvent(jobs, 'actor.deleted', { actorUri: 'https://elsewhere.test/gone', local: false }, { tx });
    expect(jobs.queued).toEqual([]);
  });

  it("queues one delivery per handling plugin, in the caller's transaction, through a forwarding port too", async () => {
    const jobs = recordingJobs();
    registerLifecycleSubscribers(jobs, (event) => (event === 'actor.deleted' ? ['links', 'economic-flows'] : []));
    const payload = { actorUri: 'https://elsewhere.test/gone', local: false };
    await emitLifecycleEvent(forwardingLifecycleJobs(() => jobs), 'actor.deleted', payload, { tx });
    expect(jobs.queued).toEqual([
      { name: LIFECYCLE_DELIVERY_JOB, payload: { plugin: 'links', event: 'actor.deleted', payload }, tx },
      { name: LIFECYCLE_DELIVERY_JOB, payload: { plugin: 'economic-flows', event: 'actor.deleted', payload }, tx },
    ]);
  });
});
