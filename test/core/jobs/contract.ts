import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { JobContext } from '@commonplace/sdk/internal';
import { JobsFixture, gate, sleep, testJobSettings, waitFor, type AdapterKind } from './fixture.js';
import type { TestDialect } from '../../helpers/databases.js';

type Call = { payload: any; context: Omit<JobContext, 'signal'>; at: number };

/** Records each run of a job: the handler tests give it decides what the run does. */
function recorder(behaviour: (payload: any, context: JobContext, call: number) => Promise<void> = async () => {}) {
  const calls: Call[] = [];
  return {
    calls,
    handler: async (payload: any, context: JobContext) => {
      const { signal: _signal, ...rest } = context;
      calls.push({ payload, context: rest, at: Date.now() });
      await behaviour(payload, context, calls.length);
    },
  };
}

/**
 * The jobs contract: the behaviour every adapter must show, run against each adapter and dialect.
 * Where time matters, in-process tests move a manual clock; BullMQ tests use short real delays.
 */
export function describeJobsContract(adapter: AdapterKind, dialect: TestDialect): void {
  describe(`jobs contract: ${adapter} on ${dialect}`, () => {
    let f: JobsFixture;
    beforeAll(async () => {
      f = await JobsFixture.open(adapter, dialect);
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

    test('runs a started job with its payload and context, and reports ready', async () => {
      const jobs = f.backend();
      const greet = recorder();
      jobs.register('greet', { handler: greet.handler });
      await jobs.start();

      const { id } = await jobs.enqueue('greet', { name: 'Ada', tags: ['x'] });
      await waitFor(() => greet.calls.length === 1, 'the job to run');

      expect(greet.calls[0]!.payload).toEqual({ name: 'Ada', tags: ['x'] });
      expect(greet.calls[0]!.context).toEqual({
        name: 'greet',
        jobId: id,
        attempt: 1,
        maxAttempts: testJobSettings.maxAttempts,
      });
      await waitFor(async () => (await f.row(id)).state === 'completed', 'the row to complete');
      expect((await f.row(id)).finished_at).toBeInstanceOf(Date);
      expect(await jobs.ping()).toBe(true);
    });

    test('an enqueue wakes the started backend at once, not at the next poll', async () => {
      const jobs = f.backend({ settings: { pollIntervalMs: 60_000 } });
      const prompt = recorder();
      jobs.register('prompt', { handler: prompt.handler });
      await jobs.start();
      await sleep(50); // past the poll that start() makes

      await jobs.enqueue('prompt', {});
      await waitFor(() => prompt.calls.length === 1, 'the job to run without waiting a minute', 3_000);
    });

    test('retries a failing job with exponential backoff until it succeeds', async () => {
      const jobs = f.backend();
      const backoffMs = adapter === 'in-process' ? 1_000 : 40;
      const flaky = recorder(async (_payload, _context, call) => {
        if (call <= 3) throw new Error(`boom ${call}`);
      });
      jobs.register('flaky', { handler: flaky.handler, maxAttempts: 5, backoffMs });
      const { id } = await jobs.enqueue('flaky', { n: 1 });

      if (f.clock) {
        const clock = f.clock;
        // Each failure puts the row back with run_at = now + backoff, doubling: 1 s, 2 s, 4 s.
        for (const [failure, delayMs] of [[1, 1_000], [2, 2_000], [3, 4_000]] as const) {
          await jobs.drain();
          expect(flaky.calls).toHaveLength(failure);
          const row = await f.row(id);
          expect(row).toMatchObject({ state: 'pending', attempts: failure });
          expect(row.last_error).toContain(`boom ${failure}`);
          expect(row.run_at.getTime() - clock.now().getTime()).toBe(delayMs);
          // Not a millisecond early.
          clock.advance(delayMs - 1);
          await jobs.drain();
          expect(flaky.calls).toHaveLength(failure);
          clock.advance(1);
        }
        await jobs.drain();
      } else {
        await jobs.start();
        await waitFor(async () => (await f.row(id)).state === 'completed', 'the job to succeed');
        const gaps = [flaky.calls[1]!.at - flaky.calls[0]!.at, flaky.calls[2]!.at - flaky.calls[1]!.at];
        // BullMQ never runs a retry early; allow a little clock rounding.
        expect(gaps[0]).toBeGreaterThanOrEqual(backoffMs - 5);
        expect(gaps[1]).toBeGreaterThanOrEqual(2 * backoffMs - 5);
      }

      expect(flaky.calls.map((call) => call.context.attempt)).toEqual([1, 2, 3, 4]);
      expect(await f.row(id)).toMatchObject({ state: 'completed', attempts: 4 });
    });

    test('a job that exhausts its attempts is a dead letter until retryDead runs it again', async () => {
      const jobs = f.backend();
      let failing = true;
      const fragile = recorder(async () => {
        if (failing) throw new Error('still broken');
      });
      jobs.register('fragile', { handler: fragile.handler, backoffMs: 10 });
      const healthy = recorder();
      jobs.register('healthy', { handler: healthy.handler });
      const { id } = await jobs.enqueue('fragile', { doc: 7 }, { maxAttempts: 2 });
      await jobs.enqueue('healthy', {});

      if (!f.clock) await jobs.start();
      await waitFor(
        async () => {
          if (f.clock) {
            await jobs.drain();
            f.clock.advance(10);
          }
          return (await f.row(id)).state === 'dead';
        },
        'the job to die',
      );

      expect(fragile.calls).toHaveLength(2);
      const dead = await jobs.deadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        id,
        name: 'fragile',
        payload: { doc: 7 },
        state: 'dead',
        attempts: 2,
        maxAttempts: 2,
      });
      expect(dead[0]!.lastError).toContain('still broken');
      await expect(jobs.retryDead(id)).resolves.toBeUndefined();
      await expect(jobs.retryDead(id)).rejects.toThrow(/No dead job/);

      failing = false;
      if (f.clock) await jobs.drain();
      await waitFor(async () => (await f.row(id)).state === 'completed', 'the retried job to succeed');
      expect(fragile.calls).toHaveLength(3);
      expect(fragile.calls[2]!.context.attempt).toBe(1);
      expect(await jobs.deadLetters()).toEqual([]);
    });

    test('a handler past its time limit fails the attempt and sees its signal aborted', async () => {
      const jobs = f.backend();
      let sawAbort = false;
      jobs.register('stuck', {
        timeoutMs: 100,
        maxAttempts: 1,
        handler: (_payload, { signal }) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => {
              sawAbort = true;
              reject(signal.reason);
            }),
          ),
      });
      const { id } = await jobs.enqueue('stuck', null);
      await jobs.drain();

      await waitFor(async () => (await f.row(id)).state === 'dead', 'the attempt to time out');
      expect((await f.row(id)).last_error).toMatch(/timed out after 100 ms/);
      expect(sawAbort).toBe(true);
    });

    test('a job enqueued in a transaction exists only if the transaction commits', async () => {
      const jobs = f.backend();
      const record = recorder();
      jobs.register('record', { handler: record.handler });

      await expect(
        f.db.transaction().execute(async (tx) => {
          await jobs.enqueue('record', { n: 'rolled back' }, { tx });
          throw new Error('the write failed');
        }),
      ).rejects.toThrow('the write failed');
      await f.db.transaction().execute(async (tx) => {
        await jobs.enqueue('record', { n: 'committed' }, { tx });
      });

      await jobs.drain();
      expect(record.calls.map((call) => call.payload)).toEqual([{ n: 'committed' }]);
      expect(await f.rows()).toHaveLength(1);
    });

    test('a job enqueued before a restart runs after it', async () => {
      const before = f.backend();
      before.register('survive', { handler: async () => {} });
      const { id } = await before.enqueue('survive', { letter: 'kept' });
      await before.stop();
      await f.restartDatabase();

      const after = f.backend();
      const survive = recorder();
      after.register('survive', { handler: survive.handler });
      await after.start();

      await waitFor(() => survive.calls.length === 1, 'the job to run after the restart');
      expect(survive.calls[0]!.payload).toEqual({ letter: 'kept' });
      expect(survive.calls[0]!.context.jobId).toBe(id);
    });

    test('running rows whose lease expired are run again, or buried on their last attempt', async () => {
      const crashed = f.backend();
      crashed.register('work', { handler: async () => {} });
      const stale = await crashed.enqueue('work', { row: 'stale' });
      const fresh = await crashed.enqueue('work', { row: 'fresh' });
      const last = await crashed.enqueue('work', { row: 'last' }, { maxAttempts: 1 });
      const leaseMs = 60_000;
      const now = (f.clock ?? { now: () => new Date() }).now().getTime();
      const expired = new Date(now - leaseMs - 1_000);
      // What a process that died mid-job leaves behind.
      const setRunning = (id: string, lockedAt: Date) =>
        f.db
          .updateTable('core_jobs')
          .set({ state: 'running', attempts: 1, locked_at: lockedAt, locked_by: 'ghost:1' })
          .where('id', '=', id)
          .execute();
      await setRunning(stale.id, expired);
      await setRunning(fresh.id, new Date(now));
      await setRunning(last.id, expired);

      // A long lease, so that the fresh row cannot expire however slowly this test runs.
      const jobs = f.backend({ settings: { leaseMs } });
      const work = recorder();
      jobs.register('work', { handler: work.handler });
      await jobs.start();

      await waitFor(() => work.calls.length === 1, 'the stale job to run');
      expect(work.calls[0]!.payload).toEqual({ row: 'stale' });
      expect(work.calls[0]!.context.attempt).toBe(2);
      await waitFor(async () => (await f.row(stale.id)).state === 'completed', 'the stale job to complete');
      // Still within its lease: its process may be alive.
      expect(await f.row(fresh.id)).toMatchObject({ state: 'running', locked_by: 'ghost:1' });
      expect(await f.row(last.id)).toMatchObject({ state: 'dead' });
      expect((await jobs.deadLetters()).map((job) => job.id)).toEqual([last.id]);
      await sleep(100);
      expect(work.calls).toHaveLength(1);
    });

    test('a schedule fires repeatedly, and two processes declaring it share one schedule', async () => {
      const runs: unknown[] = [];
      const tick = { handler: async (payload: unknown) => void runs.push(payload) };
      const first = f.backend();
      const second = f.backend();
      first.register('tick', tick);
      second.register('tick', tick);
      const everyMs = f.clock ? 60_000 : 150;
      await first.schedule('tick', everyMs, { from: 'first' });
      await second.schedule('tick', everyMs, { from: 'second' });
      await first.schedule('tick', everyMs, { from: 'first' }); // a restart declares it again

      expect(await f.db.selectFrom('core_job_schedules').selectAll().execute()).toMatchObject([
        { name: 'tick', payload: { from: 'first' } },
      ]);
      if (f.clock) {
        await first.drain();
        await second.drain(); // the same run is not fired twice
        expect(runs).toEqual([{ from: 'first' }]);
        f.clock.advance(everyMs - 1);
        await second.drain();
        expect(runs).toHaveLength(1);
        f.clock.advance(1);
        await second.drain();
        await first.drain();
        expect(runs).toHaveLength(2);
        // After a long pause it runs once, not once per missed interval.
        f.clock.advance(10 * everyMs);
        await first.drain();
        expect(runs).toHaveLength(3);
      } else {
        const queue = await f.queue();
        expect(await queue.getJobSchedulersCount()).toBe(1);
        await queue.close();
        await first.start();
        await second.start();
        await waitFor(() => runs.length >= 3, 'three runs of the schedule');
        expect(runs.at(-1)).toEqual({ from: 'first' });
      }
    });

    test('stop waits for a running handler, and aborts its signal after the grace', async () => {
      const patient = f.backend({ shutdownGraceMs: 5_000 });
      const release = gate();
      const started = gate();
      patient.register('slow', {
        handler: async () => {
          started.open();
          await release.promise;
        },
      });
      await patient.start();
      const slow = await patient.enqueue('slow', {});
      await started.promise;
      let stopped = false;
      const stopping = patient.stop().then(() => (stopped = true));
      await sleep(150);
      expect(stopped).toBe(false);
      release.open();
      await stopping;
      expect(await f.row(slow.id)).toMatchObject({ state: 'completed' });

      const hasty = f.backend({ shutdownGraceMs: 100 });
      const running = gate();
      let abortedBy: unknown;
      hasty.register('endless', {
        handler: (_payload, { signal }) => {
          running.open();
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => {
              abortedBy = signal.reason;
              reject(signal.reason);
            }),
          );
        },
      });
      await hasty.start();
      const endless = await hasty.enqueue('endless', {});
      await running.promise;
      const stopAt = Date.now();
      await hasty.stop();
      expect(Date.now() - stopAt).toBeGreaterThanOrEqual(90);
      expect(String(abortedBy)).toMatch(/shutting down/);
      // Cut short by the shutdown, not by a fault of the job: it waits for the next process, attempt not spent.
      expect(await f.row(endless.id)).toMatchObject({ state: 'pending', attempts: 0 });
    });

    test('stop does not wait out the time limit of a handler that ignores its signal', async () => {
      const stubborn = f.backend({ shutdownGraceMs: 100 });
      const running = gate();
      const never = gate();
      stubborn.register('stubborn', {
        timeoutMs: 60_000,
        handler: async () => {
          running.open();
          await never.promise;
        },
      });
      await stubborn.start();
      const job = await stubborn.enqueue('stubborn', {});
      await running.promise;
      const stopAt = Date.now();
      await stubborn.stop();
      expect(Date.now() - stopAt).toBeLessThan(5_000);
      // Released for the next process, its attempt not spent.
      expect(await f.row(job.id)).toMatchObject({ state: 'pending', attempts: 0 });
      never.open();
    });

    test('unknown job names, duplicate or late registrations and non-JSON payloads are refused', async () => {
      const jobs = f.backend();
      jobs.register('known', { handler: async () => {} });
      expect(() => jobs.register('known', { handler: async () => {} })).toThrow(/"known" is already registered/);

      await expect(jobs.enqueue('nope', {})).rejects.toThrow(/Unknown job "nope"/);
      await expect(jobs.schedule('nope', 1_000)).rejects.toThrow(/Unknown job "nope"/);
      await expect(jobs.enqueue('known', { big: 1n })).rejects.toThrow(/not JSON-serialisable/);
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(jobs.enqueue('known', circular)).rejects.toThrow(/not JSON-serialisable/);
      await expect(jobs.retryDead('not-an-id')).rejects.toThrow(/No dead job/);
      expect(await f.rows()).toEqual([]);

      await jobs.start();
      expect(() => jobs.register('late', { handler: async () => {} })).toThrow(/before the jobs backend starts/);
    });

    test('a dedupe key keeps one pending job, and is free again once it ran', async () => {
      const jobs = f.backend();
      const record = recorder();
      jobs.register('record', { handler: record.handler });

      const first = await jobs.enqueue('record', { n: 1 }, { dedupeKey: 'doc-42' });
      const duplicate = await jobs.enqueue('record', { n: 2 }, { dedupeKey: 'doc-42' });
      const other = await jobs.enqueue('record', { n: 3 }, { dedupeKey: 'doc-43' });
      expect(duplicate.id).toBe(first.id);
      expect(other.id).not.toBe(first.id);
      expect(await f.rows()).toHaveLength(2);

      await jobs.drain();
      expect(record.calls.map((call) => call.payload)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }]));
      expect(record.calls).toHaveLength(2);

      const again = await jobs.enqueue('record', { n: 4 }, { dedupeKey: 'doc-42' });
      expect(again.id).not.toBe(first.id);
      await jobs.drain();
      expect(record.calls).toHaveLength(3);
    });

    test('a dedupe key belongs to one job name: another name with the same key is its own job', async () => {
      const jobs = f.backend();
      const indexing = recorder();
      const syncing = recorder();
      jobs.register('plugin-a.index', { handler: indexing.handler });
      jobs.register('plugin-b.sync', { handler: syncing.handler });

      const a = await jobs.enqueue('plugin-a.index', { n: 1 }, { dedupeKey: 'shared' });
      const b = await jobs.enqueue('plugin-b.sync', { n: 2 }, { dedupeKey: 'shared' });
      expect(b.id).not.toBe(a.id);
      expect(await f.rows()).toHaveLength(2);

      await jobs.drain();
      expect(indexing.calls.map((call) => call.payload)).toEqual([{ n: 1 }]);
      expect(syncing.calls.map((call) => call.payload)).toEqual([{ n: 2 }]);
    });

    test('a delayed job waits for its time', async () => {
      const jobs = f.backend();
      const later = recorder();
      jobs.register('later', { handler: later.handler });
      // Real time: long enough that the enqueue and the first drain finish before it is due on a busy machine.
      const delayMs = f.clock ? 60_000 : 2_000;
      const { id } = await jobs.enqueue('later', {}, { delayMs });
      await jobs.drain();
      expect(later.calls).toHaveLength(0);
      if (f.clock) {
        f.clock.advance(delayMs);
        await jobs.drain();
      } else {
        await jobs.start();
        await waitFor(() => later.calls.length === 1, 'the delayed job');
      }
      expect(later.calls).toHaveLength(1);
      await waitFor(async () => (await f.row(id)).state === 'completed', 'the delayed job to complete');
    });

    test('never runs more jobs at once than its concurrency', async () => {
      const jobs = f.backend({ settings: { concurrency: 2 } });
      let active = 0;
      let mostActive = 0;
      const busy = recorder(async () => {
        active++;
        mostActive = Math.max(mostActive, active);
        await sleep(40);
        active--;
      });
      jobs.register('busy', { handler: busy.handler });
      for (let n = 0; n < 6; n++) await jobs.enqueue('busy', { n });
      await jobs.start();
      await waitFor(() => busy.calls.length === 6 && active === 0, 'all six jobs');
      expect(mostActive).toBe(2);
    });

    test('a job with slots of its own runs while the shared slots are taken, and stays within its own', async () => {
      const jobs = f.backend({ settings: { concurrency: 1 } });
      let releaseShared!: () => void;
      const sharedHeld = new Promise<void>((resolve) => (releaseShared = resolve));
      const shared = recorder(() => sharedHeld);
      let active = 0;
      let mostActive = 0;
      const network = recorder(async () => {
        active++;
        mostActive = Math.max(mostActive, active);
        await sleep(40);
        active--;
      });
      jobs.register('shared', { handler: shared.handler });
      jobs.register('network', { handler: network.handler, concurrency: 3 });
      await jobs.enqueue('shared', {});
      for (let n = 0; n < 9; n++) await jobs.enqueue('network', { n });
      await jobs.start();
      try {
        await waitFor(() => shared.calls.length === 1 && network.calls.length === 9 && active === 0, 'the nine network jobs beside the held shared one');
        expect(mostActive).toBeGreaterThan(1);
        // BullMQ's one worker holds every slot of the process (1 + 3) and cannot keep pools apart.
        expect(mostActive).toBeLessThanOrEqual(adapter === 'in-process' ? 3 : 4);
      } finally {
        releaseShared();
      }
    });
  });
}
