import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { BadUserInputError } from '@commonplace/sdk/internal';
import { PLUGIN_SCHEDULES_TICK_JOB, type PluginPorts } from '../../../core/src/plugin-ports/index.js';
import { testDialects } from '../../helpers/databases.js';
import { PortsFixture } from './fixture.js';

const MINUTE = 60_000;

for (const dialect of testDialects()) {
  describe(`plugin scheduler (${dialect})`, () => {
    let f: PortsFixture;
    let ports: PluginPorts;

    beforeAll(async () => {
      f = await PortsFixture.open(dialect, ['decidim.sync', 'decidim.cleanup', 'links.check']);
      ports = f.ports();
    });
    afterAll(async () => {
      await f?.close();
    });
    beforeEach(async () => {
      await f.reset();
    });

    const tick = () => ports.jobs[PLUGIN_SCHEDULES_TICK_JOB]!.handler(undefined, { name: `core.${PLUGIN_SCHEDULES_TICK_JOB}`, jobId: 'test', attempt: 1, maxAttempts: 1, signal: new AbortController().signal });
    const jobRows = () => f.db.selectFrom('core_jobs').select(['name', 'payload', 'dedupe_key']).orderBy('created_at').execute();
    /** As if each enqueued run had been worked: the next one is not held back by the dedupe of a pending run. */
    const completeJobs = () => f.db.updateTable('core_jobs').set({ state: 'completed' }).execute();

    test('the tick job is offered for registration and scheduled every scheduler.tickMs', () => {
      expect(Object.keys(ports.jobs)).toEqual([PLUGIN_SCHEDULES_TICK_JOB]);
      expect(ports.schedules).toEqual([{ job: PLUGIN_SCHEDULES_TICK_JOB, everyMs: 15_000 }]);
    });

    test('a plugin adds, changes, lists and removes its schedules, and sees only its own', async () => {
      const decidim = ports.forPlugin('decidim').scheduler;
      const links = ports.forPlugin('links').scheduler;
      const added = await decidim.set('connection-2', 'sync', { everyMs: 10 * MINUTE }, { connection: 2 });
      expect(added).toEqual({
        key: 'connection-2',
        job: 'sync',
        timing: { everyMs: 10 * MINUTE },
        payload: { connection: 2 },
        nextRunAt: new Date('2026-01-01T00:10:00Z'),
      });
      await decidim.set('connection-1', 'sync', { cron: '*/5 * * * *' });
      await links.set('check', 'check', { everyMs: MINUTE });

      // A new payload or job keeps the planned run; a new timing plans afresh.
      f.clock.advance(3 * MINUTE);
      const changedPayload = await decidim.set('connection-2', 'cleanup', { everyMs: 10 * MINUTE }, { connection: 2, full: true });
      expect(changedPayload.nextRunAt).toEqual(new Date('2026-01-01T00:10:00Z'));
      expect(changedPayload.job).toBe('cleanup');
      const changedTiming = await decidim.set('connection-2', 'sync', { everyMs: 20 * MINUTE }, { connection: 2 });
      expect(changedTiming.nextRunAt).toEqual(new Date('2026-01-01T00:23:00Z'));

      expect((await decidim.list()).map((s) => [s.key, s.timing])).toEqual([
        ['connection-1', { cron: '*/5 * * * *', timezone: 'UTC' }],
        ['connection-2', { everyMs: 20 * MINUTE }],
      ]);
      expect((await links.list()).map((s) => s.key)).toEqual(['check']);

      // links cannot remove decidim's schedule by naming its key.
      expect(await links.remove('connection-1')).toBe(false);
      expect(await decidim.remove('connection-1')).toBe(true);
      expect(await decidim.remove('connection-1')).toBe(false);
      expect((await decidim.list()).map((s) => s.key)).toEqual(['connection-2']);
    });

    test('a cron schedule runs next at its time in its time zone, daylight saving time included', async () => {
      const scheduler = ports.forPlugin('decidim').scheduler;
      const winter = await scheduler.set('morning', 'sync', { cron: '0 9 * * *', timezone: 'Europe/Paris' });
      expect(winter.nextRunAt).toEqual(new Date('2026-01-01T08:00:00Z'));
      f.clock.set(new Date('2026-07-01T12:00:00Z'));
      const summer = await scheduler.set('morning', 'sync', { cron: '0 9 * * *', timezone: 'America/New_York' });
      expect(summer.nextRunAt).toEqual(new Date('2026-07-01T13:00:00Z'));
    });

    test('bad timings, unknown jobs and bad keys are refused as bad input naming the field', async () => {
      const scheduler = ports.forPlugin('decidim').scheduler;
      const refusal = async (work: Promise<unknown>) => {
        const error = await work.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(BadUserInputError);
        return (error as BadUserInputError).extensions.field;
      };
      expect(await refusal(scheduler.set('a', 'sync', { cron: '61 * * * *' }))).toBe('cron');
      expect(await refusal(scheduler.set('a', 'sync', { cron: 'every morning' }))).toBe('cron');
      expect(await refusal(scheduler.set('a', 'sync', { cron: '0 9 * * *', timezone: 'Mars/Olympus' }))).toBe('timezone');
      expect(await refusal(scheduler.set('a', 'sync', { everyMs: 0 }))).toBe('everyMs');
      // links' job is not decidim's, and decidim has no job "import".
      expect(await refusal(scheduler.set('a', 'check', { everyMs: MINUTE }))).toBe('job');
      expect(await refusal(scheduler.set('a', 'import', { everyMs: MINUTE }))).toBe('job');
      expect(await refusal(scheduler.set('', 'sync', { everyMs: MINUTE }))).toBe('key');
      expect(await scheduler.list()).toEqual([]);
    });

    test('the tick enqueues each due run once, in the plugin job, and a run missed while down only once', async () => {
      const scheduler = ports.forPlugin('decidim').scheduler;
      await scheduler.set('connection-7', 'sync', { everyMs: MINUTE }, { connection: 7 });

      await tick();
      expect(await jobRows()).toEqual([]);

      f.clock.advance(MINUTE);
      await tick();
      await tick();
      expect(await jobRows()).toEqual([{ name: 'decidim.sync', payload: { connection: 7 }, dedupe_key: 'schedule:connection-7' }]);
      expect((await scheduler.list())[0]!.nextRunAt).toEqual(new Date('2026-01-01T00:02:00Z'));
      await completeJobs();

      // Down for an hour: one run, and the next one a minute from now.
      f.clock.advance(60 * MINUTE);
      await tick();
      await tick();
      expect(await jobRows()).toHaveLength(2);
      expect((await scheduler.list())[0]!.nextRunAt).toEqual(new Date('2026-01-01T01:02:00Z'));
    });

    test('a run still pending from last time is not enqueued again', async () => {
      await ports.forPlugin('decidim').scheduler.set('slow', 'sync', { everyMs: MINUTE });
      f.clock.advance(MINUTE);
      await tick();
      f.clock.advance(MINUTE);
      await tick();
      expect(await jobRows()).toHaveLength(1);
    });

    test('a schedule whose job is no longer registered is skipped and moved on, not retried every tick', async () => {
      await ports.forPlugin('decidim').scheduler.set('orphan', 'sync', { everyMs: MINUTE });
      const withoutDecidim = f.ports({ jobExists: () => false });
      f.clock.advance(MINUTE);
      await withoutDecidim.jobs[PLUGIN_SCHEDULES_TICK_JOB]!.handler(undefined, { name: 't', jobId: 't', attempt: 1, maxAttempts: 1, signal: new AbortController().signal });
      expect(await jobRows()).toEqual([]);
      expect((await ports.forPlugin('decidim').scheduler.list())[0]!.nextRunAt).toEqual(new Date('2026-01-01T00:02:00Z'));
    });

    test('two ticks at once (two processes) enqueue each due run once', async () => {
      const scheduler = ports.forPlugin('decidim').scheduler;
      for (let i = 0; i < 40; i++) await scheduler.set(`connection-${i}`, 'sync', { everyMs: MINUTE }, { connection: i });
      f.clock.advance(MINUTE);
      const { tickPluginSchedules } = await import('../../../core/src/plugin-ports/scheduler/tick-job.js');
      const { ScheduleRows } = await import('../../../core/src/plugin-ports/scheduler/schedule-rows.js');
      const { silentLog, testSettings } = await import('./fixture.js');
      const deps = {
        db: f.db,
        rows: new ScheduleRows(f.db),
        jobs: f.jobs,
        clock: f.clock,
        log: silentLog,
        settings: testSettings().scheduler,
        jobExists: () => true,
      };
      const counts = await Promise.all([tickPluginSchedules(deps), tickPluginSchedules(deps), tickPluginSchedules(deps)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
      expect(await jobRows()).toHaveLength(40);
    });
  });
}
