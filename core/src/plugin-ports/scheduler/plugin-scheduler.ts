import { BadUserInputError, type Clock, type InstanceSettings, type ScheduleInfo, type ScheduleTiming, type SchedulerPort } from '@commonplace/sdk/internal';
import { payloadToJson } from '../../jobs/payload.js';
import { checkTiming, nextRunAfter, type CheckedTiming } from './timing.js';
import type { ScheduleRows } from './schedule-rows.js';

export interface PluginSchedulerDeps {
  rows: ScheduleRows;
  clock: Clock;
  settings: InstanceSettings['scheduler'];
  /** Whether the plugin registered this job (its name without the `<plugin-id>.` prefix). */
  jobExists(pluginId: string, job: string): boolean;
}

const MAX_KEY_LENGTH = 200;

/** One plugin's SchedulerPort: its rows only, bound to its id. */
export function pluginScheduler(pluginId: string, deps: PluginSchedulerDeps): SchedulerPort {
  const { rows, clock } = deps;
  return {
    async set(key: string, job: string, timing: ScheduleTiming, payload?: unknown): Promise<ScheduleInfo> {
      checkKey(key);
      if (typeof job !== 'string' || !deps.jobExists(pluginId, job)) {
        throw new BadUserInputError(`Plugin "${pluginId}" has no job "${String(job)}" to schedule (declare it in the plugin's jobs).`, 'job');
      }
      const checked = checkTiming(timing);
      let payloadJson: string;
      try {
        payloadJson = payloadToJson(`${pluginId}.${job}`, payload);
      } catch (error) {
        throw new BadUserInputError((error as Error).message, 'payload');
      }
      const existing = await rows.find(pluginId, key);
      if (!existing && (await rows.count(pluginId)) >= deps.settings.maxSchedulesPerPlugin) {
        throw new BadUserInputError(`Plugin "${pluginId}" already has ${deps.settings.maxSchedulesPerPlugin} schedules (scheduler.maxSchedulesPerPlugin).`, 'key');
      }
      const now = clock.now();
      // Changing only the job or the payload keeps the run already planned; a new timing plans afresh.
      const sameTiming = existing !== undefined && sameTimingAs(existing, checked);
      return rows.upsert({ plugin: pluginId, key, job, timing: checked, payloadJson, nextRunAt: nextRunAfter(checked, now), now }, sameTiming);
    },
    remove(key: string): Promise<boolean> {
      checkKey(key);
      return rows.remove(pluginId, key);
    },
    list(): Promise<ScheduleInfo[]> {
      return rows.list(pluginId);
    },
  };
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new BadUserInputError(`A schedule key of 1 to ${MAX_KEY_LENGTH} characters is needed.`, 'key');
  }
}

function sameTimingAs(existing: ScheduleInfo, timing: CheckedTiming): boolean {
  const old = existing.timing;
  if ('cron' in old && 'cron' in timing) return old.cron === timing.cron && (old.timezone ?? 'UTC') === timing.timezone;
  if ('everyMs' in old && 'everyMs' in timing) return old.everyMs === timing.everyMs;
  return false;
}
