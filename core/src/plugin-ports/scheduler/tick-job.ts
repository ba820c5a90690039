import type { Kysely } from 'kysely';
import type { Clock, InstanceSettings, JobDefinition, JobsPort, Logger } from '@commonplace/sdk/internal';
import type { PluginPortTables } from '../tables.js';
import { checkedTimingOf, type DueSchedule, type ScheduleRows } from './schedule-rows.js';
import { nextRunAfter } from './timing.js';

/** The core job (registered as `core.plugin-schedules-tick`) that turns due plugin schedules into jobs. */
export const PLUGIN_SCHEDULES_TICK_JOB = 'plugin-schedules-tick';

/** A run whose next time cannot be computed any more (a time zone dropped from the system's data) is retried this much later. */
const RETRY_BROKEN_SCHEDULE_MS = 24 * 60 * 60 * 1000;

export interface TickDeps {
  db: Kysely<PluginPortTables>;
  rows: ScheduleRows;
  jobs: Pick<JobsPort, 'enqueue'>;
  clock: Clock;
  log: Logger;
  settings: InstanceSettings['scheduler'];
  jobExists(pluginId: string, job: string): boolean;
}

/**
 * One tick: in one transaction, claims the due schedules (rows locked, those another tick holds
 * skipped), enqueues each one's job and moves it to its next run, so a run is enqueued exactly once
 * whichever process ticks. A run still pending or running from last time is not enqueued again
 * (its dedupe key), so a slow job does not pile up.
 */
export async function tickPluginSchedules(deps: TickDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const due = await deps.rows.claimDue(tx, now, deps.settings.maxRunsPerTick);
    let enqueued = 0;
    for (const schedule of due) {
      if (deps.jobExists(schedule.plugin, schedule.job)) {
        await deps.jobs.enqueue(`${schedule.plugin}.${schedule.job}`, schedule.payload, { tx, dedupeKey: `schedule:${schedule.key}` });
        enqueued += 1;
      } else {
        // The plugin is disabled, or dropped the job: its schedule stays for when it comes back.
        deps.log.warn({ plugin: schedule.plugin, schedule: schedule.key, job: schedule.job }, 'a plugin schedule names a job that is not registered; run skipped');
      }
      await deps.rows.advance(tx, schedule.plugin, schedule.key, nextRun(schedule, now, deps.log));
    }
    return enqueued;
  });
}

function nextRun(schedule: DueSchedule, now: Date, log: Logger): Date {
  try {
    return nextRunAfter(checkedTimingOf(schedule), now, schedule.nextRunAt);
  } catch (error) {
    log.error({ err: error, plugin: schedule.plugin, schedule: schedule.key }, 'a plugin schedule has no next run; trying again in a day');
    return new Date(now.getTime() + RETRY_BROKEN_SCHEDULE_MS);
  }
}

export function tickJob(deps: TickDeps): JobDefinition<undefined> {
  return {
    // A failed tick is simply the next tick's work: no retries piling up behind it.
    maxAttempts: 1,
    handler: async () => {
      const enqueued = await tickPluginSchedules(deps);
      if (enqueued > 0) deps.log.debug({ enqueued }, 'plugin schedules enqueued their jobs');
    },
  };
}
