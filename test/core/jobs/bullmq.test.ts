import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { describeJobsContract } from './contract.js';
import { JobsFixture, waitFor } from './fixture.js';

// BullMQ needs a Redis server: REDIS_URL=redis://127.0.0.1:6379 (as in CI's run against the real servers).
describe.skipIf(!process.env.REDIS_URL)('BullMQ adapter', () => {
  for (const dialect of testDialects()) {
    describeJobsContract('bullmq', dialect);
  }

  describe('relay and recovery', () => {
    let f: JobsFixture;
    beforeAll(async () => {
      f = await JobsFixture.open('bullmq', 'pglite');
    });
    afterAll(async () => {
      await f?.close();
    });
    beforeEach(async () => {
      await f.reset();
    });
    afterEach(async () => {
      await f.stopBackends();
    });

    test('a job added twice to Redis (a relay that crashed before marking its row) runs once', async () => {
      const jobs = f.backend();
      const payloads: unknown[] = [];
      jobs.register('once', { handler: async (payload) => void payloads.push(payload) });
      const { id } = await jobs.enqueue('once', { n: 1 });
      const queue = await f.queue();
      // As the relay adds: removed from Redis once it ends, so a later add with its id is a new job.
      const options = { jobId: id, removeOnComplete: true, removeOnFail: true };
      // The crashed relay's add: in Redis, but relayed_at still null.
      await queue.add('once', { n: 1 }, options);

      await jobs.start();
      await waitFor(async () => (await f.row(id)).state === 'completed', 'the job to complete');
      // A late copy of a finished job (Redis had already dropped the first) is skipped by the worker.
      const copy = await queue.add('once', { n: 1 }, options);
      await waitFor(async () => (await queue.getJobState(copy.id!)) === 'unknown', 'the copy to be processed');
      await queue.close();
      expect(payloads).toEqual([{ n: 1 }]);
    });

    test('a relayed job that Redis lost is relayed again after a lease', async () => {
      const jobs = f.backend();
      const payloads: unknown[] = [];
      jobs.register('lost', { handler: async (payload) => void payloads.push(payload) });
      const { id } = await jobs.enqueue('lost', { n: 2 }, { delayMs: 60_000 });
      await jobs.start();
      await waitFor(async () => (await f.row(id)).relayed_at !== null, 'the job to be relayed');

      // Redis restarted without its data; the row was relayed longer than a lease ago and is due now.
      const queue = await f.queue();
      await queue.remove(id);
      await queue.close();
      const longAgo = new Date(Date.now() - 5_000);
      await f.db.updateTable('core_jobs').set({ relayed_at: longAgo, run_at: longAgo }).where('id', '=', id).execute();

      await waitFor(() => payloads.length === 1, 'the job to be relayed again and run');
      expect(payloads).toEqual([{ n: 2 }]);
    });
  });
});
