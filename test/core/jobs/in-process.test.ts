import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { COMPLETED_RETENTION_MS } from '../../../core/src/jobs/index.js';
import { JobStore } from '../../../core/src/jobs/job-store.js';
import { describeJobsContract } from './contract.js';
import { JobsFixture } from './fixture.js';

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

  test('completed rows are deleted after their retention; dead rows are kept', async () => {
    const clock = f.clock!;
    const first = f.backend();
    first.register('done', { handler: async () => {} });
    first.register('broken', { maxAttempts: 1, handler: async () => Promise.reject(new Error('no')) });
    const done = await first.enqueue('done', {});
    const broken = await first.enqueue('broken', {});
    await first.drain();
    expect(await f.row(done.id)).toMatchObject({ state: 'completed' });
    expect(await f.row(broken.id)).toMatchObject({ state: 'dead' });

    // Cleanup runs at start: just inside the retention the row stays, just past it it goes.
    clock.advance(COMPLETED_RETENTION_MS - 1);
    const second = f.backend();
    await second.start();
    expect(await f.rows()).toHaveLength(2);
    await f.stopBackends();

    clock.advance(2);
    const third = f.backend();
    await third.start();
    expect((await f.rows()).map((row) => row.id)).toEqual([broken.id]);
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
  });
}
