import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { JobStore } from '../../../core/src/jobs/job-store.js';
import { describeJobsContract } from './contract.js';
import { JobsFixture, waitFor } from './fixture.js';

for (const dialect of testDialects()) {
  describeJobsContract('in-process', dialect);
}

describe('in-process jobs: housekeeping', () => {
  let f: JobsFixture;
  beforeAll(async () => {
    f = await JobsFixture.open('in-process', 'pglite');
    await f.reset();
  });
  afterAll(async () => {
    await f?.close();
  });

  test('the retentions default to a day for completed rows and 30 days for dead ones', () => {
    expect(instanceSettingsSchema.parse({}).jobs).toMatchObject({ completedRetentionMs: 24 * 60 * 60 * 1000, deadRetentionMs: 30 * 24 * 60 * 60 * 1000 });
  });

  test('completed rows are deleted after jobs.completedRetentionMs; dead rows are kept for jobs.deadRetentionMs, then deleted too', async () => {
    const clock = f.clock!;
    // Retentions of a test's own, not the defaults: the rows must go by the settings.
    const settings = { completedRetentionMs: 5 * 60_000, deadRetentionMs: 3 * 60 * 60_000 };
    const COMPLETED_RETENTION_MS = settings.completedRetentionMs;
    const DEAD_RETENTION_MS = settings.deadRetentionMs;
    const first = f.backend({ settings });
    first.register('done', { handler: async () => {} });
    first.register('broken', { maxAttempts: 1, handler: async () => Promise.reject(new Error('no')) });
    const done = await first.enqueue('done', {});
    const broken = await first.enqueue('broken', {});
    await first.drain();
    expect(await f.row(done.id)).toMatchObject({ state: 'completed' });
    expect(await f.row(broken.id)).toMatchObject({ state: 'dead' });

    // Cleanup runs at start: just inside the retention the row stays, just past it it goes.
    clock.advance(COMPLETED_RETENTION_MS - 1);
    const second = f.backend({ settings });
    await second.start();
    expect(await f.rows()).toHaveLength(2);
    await f.stopBackends();

    clock.advance(2);
    const third = f.backend({ settings });
    await third.start();
    expect((await f.rows()).map((row) => row.id)).toEqual([broken.id]);
    await f.stopBackends();

    // The dead row: kept just inside its own retention, deleted just past it.
    clock.advance(DEAD_RETENTION_MS - COMPLETED_RETENTION_MS - 2);
    const fourth = f.backend({ settings });
    await fourth.start();
    expect((await f.rows()).map((row) => row.id)).toEqual([broken.id]);
    await f.stopBackends();

    clock.advance(2);
    const fifth = f.backend({ settings });
    await fifth.start();
    expect(await f.rows()).toEqual([]);
  });
});

for (const dialect of testDialects()) {
  describe(`job store: completions recorded together, on ${dialect}`, () => {
    let f: JobsFixture;
    beforeAll(async () => {
      f = await JobsFixture.open('in-process', dialect);
      await f.reset();
    });
    afterAll(async () => {
      await f?.close();
    });

    test('completeAll completes the leased rows it names, and leaves a row whose lease is stale running', async () => {
      const store = new JobStore(f.db, f.clock!);
      const job = { name: 'batch', payloadJson: '{}', maxAttempts: 3, backoffMs: 10, timeoutMs: 1_000 };
      const ids = [await store.insert(f.db, job), await store.insert(f.db, job), await store.insert(f.db, job)];
      const claimed = await store.claimDue(10, ['batch'], 'worker-1');
      expect(claimed.map((row) => row.id).sort()).toEqual([...ids].sort());
      const [first, second, third] = claimed.map((row) => ({ id: row.id, lockedBy: 'worker-1', attempt: row.attempts }));
      // The third lease is from an earlier attempt: the row has been claimed again since.
      await store.completeAll([first!, second!, { ...third!, attempt: third!.attempt - 1 }]);
      expect((await f.row(first!.id)).state).toBe('completed');
      expect((await f.row(second!.id)).state).toBe('completed');
      expect(await f.row(third!.id)).toMatchObject({ state: 'running', locked_by: 'worker-1' });
      expect((await f.row(first!.id)).locked_by).toBeNull();
    });

    test('completeAndClaim records finished leases and claims due rows of the names asked for, in one statement', async () => {
      await f.reset();
      const store = new JobStore(f.db, f.clock!);
      const job = (name: string) => ({ name, payloadJson: '{}', maxAttempts: 3, backoffMs: 10, timeoutMs: 1_000 });
      const running = [await store.insert(f.db, job('work')), await store.insert(f.db, job('work'))];
      const leases = (await store.claimDue(2, ['work'], 'worker-1')).map((row) => ({ id: row.id, lockedBy: 'worker-1', attempt: row.attempts }));
      const waiting = [await store.insert(f.db, job('work')), await store.insert(f.db, job('work')), await store.insert(f.db, job('work'))];
      const other = await store.insert(f.db, job('other'));
      // The second lease is stale (another worker's): its row must stay running.
      const claimed = await store.completeAndClaim([leases[0]!, { ...leases[1]!, lockedBy: 'worker-2' }], 2, ['work'], 'worker-1');

      expect(claimed).toHaveLength(2);
      expect(claimed.every((row) => waiting.includes(row.id) && row.state === 'running' && row.attempts === 1)).toBe(true);
      expect(leases.map((lease) => lease.id).sort()).toEqual([...running].sort());
      expect((await f.row(leases[0]!.id)).state).toBe('completed');
      expect(await f.row(leases[1]!.id)).toMatchObject({ state: 'running', locked_by: 'worker-1' });
      expect((await f.row(other)).state).toBe('pending');
      const pendingLeft = await Promise.all(waiting.map(async (id) => (await f.row(id)).state));
      expect(pendingLeft.filter((state) => state === 'pending')).toHaveLength(1);
    });
  });

  describe(`in-process runner passes, on ${dialect}`, () => {
    let f: JobsFixture;
    beforeAll(async () => {
      f = await JobsFixture.open('in-process', dialect);
    });
    afterAll(async () => {
      await f?.close();
    });

    test('a busy pool refills in batches and records every finished job once, within its slots', async () => {
      await f.reset();
      const jobs = f.backend({ settings: { concurrency: 1 } });
      let active = 0;
      let mostActive = 0;
      let runs = 0;
      jobs.register('send', {
        concurrency: 16,
        handler: async () => {
          runs++;
          active++;
          mostActive = Math.max(mostActive, active);
          await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 5)));
          active--;
        },
      });
      const ids = [];
      for (let n = 0; n < 120; n++) ids.push((await jobs.enqueue('send', { n })).id);
      await jobs.start();
      await waitFor(async () => (await f.rows()).every((row) => row.state === 'completed'), 'all 120 jobs recorded as completed');
      expect(runs).toBe(120);
      expect(mostActive).toBeLessThanOrEqual(16);
      expect((await f.rows()).every((row) => row.attempts === 1)).toBe(true);
      await f.stopBackends();
    });

    test('a nearly full pool waits to refill, and stop() records the jobs that finished meanwhile', async () => {
      await f.reset();
      const jobs = f.backend({ settings: { concurrency: 1, pollIntervalMs: 60_000 } });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started = 0;
      jobs.register('send', {
        concurrency: 64,
        handler: async (payload: unknown) => {
          started++;
          if ((payload as { n: number }).n >= 4) await held;
        },
      });
      for (let n = 0; n < 64; n++) await jobs.enqueue('send', { n });
      await jobs.start();
      await waitFor(() => started === 64, 'every slot taken');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Four finished, so four of 64 slots are free: under an eighth, no pass records them yet.
      const states = async () => (await f.rows()).map((row) => row.state);
      expect((await states()).filter((state) => state === 'completed')).toHaveLength(0);

      const stopping = jobs.stop();
      await waitFor(async () => (await states()).filter((state) => state === 'completed').length === 4, 'stop() to record the four');
      release();
      await stopping;
      expect(await states()).toEqual(Array(64).fill('completed'));
    });
  });
}
