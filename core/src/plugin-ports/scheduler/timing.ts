import { CronExpressionParser } from 'cron-parser';
import { BadUserInputError, type ScheduleTiming } from '@commonplace/sdk/internal';

/** A timing checked once, as stored: a cron expression (with its time zone, UTC by default) or an interval. */
export type CheckedTiming = { cron: string; timezone: string } | { everyMs: number };

const MAX_CRON_LENGTH = 200;

/** Refuses what could never run: a bad cron expression (field `cron`), an unknown time zone, a non-positive interval. */
export function checkTiming(timing: ScheduleTiming): CheckedTiming {
  if (typeof timing !== 'object' || timing === null) throw new BadUserInputError('A schedule needs a cron expression or everyMs.', 'timing');
  if ('cron' in timing) {
    const cron = typeof timing.cron === 'string' ? timing.cron.trim() : '';
    const timezone = timing.timezone ?? 'UTC';
    if (!isTimeZone(timezone)) throw new BadUserInputError(`"${timezone}" is not a known time zone (an IANA name such as Europe/Paris).`, 'timezone');
    if (!cron || cron.length > MAX_CRON_LENGTH) throw new BadUserInputError(`A cron expression of 1 to ${MAX_CRON_LENGTH} characters is needed.`, 'cron');
    try {
      // Parsing and one step forward: some expressions parse but never match (February 30th).
      CronExpressionParser.parse(cron, { tz: timezone, strict: false }).next();
    } catch (error) {
      throw new BadUserInputError(`"${cron}" is not a valid cron expression: ${(error as Error).message}.`, 'cron');
    }
    return { cron, timezone };
  }
  const everyMs = (timing as { everyMs?: unknown }).everyMs;
  if (typeof everyMs !== 'number' || !Number.isSafeInteger(everyMs) || everyMs < 1) {
    throw new BadUserInputError(`everyMs must be a positive whole number of milliseconds, got ${String(everyMs)}.`, 'everyMs');
  }
  return { everyMs };
}

/**
 * The run after `now`. An interval keeps its rhythm from the previous run while that is still ahead;
 * a run missed while the instance was down is not made up: the next one is counted from now.
 */
export function nextRunAfter(timing: CheckedTiming, now: Date, previous?: Date): Date {
  if ('everyMs' in timing) {
    const rhythm = previous ? previous.getTime() + timing.everyMs : Number.NEGATIVE_INFINITY;
    return new Date(rhythm > now.getTime() ? rhythm : now.getTime() + timing.everyMs);
  }
  return CronExpressionParser.parse(timing.cron, { tz: timing.timezone, currentDate: now }).next().toDate();
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
