import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ScheduleInfo } from '@commonplace/sdk/internal';
import type { PluginPortTables, PluginScheduleRow } from '../tables.js';
import type { CheckedTiming } from './timing.js';

type Db = Kysely<PluginPortTables>;
type Row = Selectable<PluginScheduleRow>;

export interface NewSchedule {
  plugin: string;
  key: string;
  job: string;
  timing: CheckedTiming;
  payloadJson: string;
  nextRunAt: Date;
  now: Date;
}

/** core_plugin_schedules, read and written for the scheduler port and its tick. */
export class ScheduleRows {
  constructor(private readonly db: Db) {}

  /** Adds or replaces one schedule; `keepNextRun` keeps the planned run when only the payload or job changed. */
  async upsert(schedule: NewSchedule, keepNextRun: boolean): Promise<ScheduleInfo> {
    const { timing } = schedule;
    const row = await this.db
      .insertInto('core_plugin_schedules')
      .values({
        plugin: schedule.plugin,
        key: schedule.key,
        job: schedule.job,
        cron: 'cron' in timing ? timing.cron : null,
        timezone: 'cron' in timing ? timing.timezone : null,
        every_ms: 'everyMs' in timing ? timing.everyMs : null,
        payload: sql`cast(cast(${schedule.payloadJson} as text) as jsonb)`,
        next_run_at: schedule.nextRunAt,
        updated_at: schedule.now,
      })
      .onConflict((conflict) =>
        conflict.columns(['plugin', 'key']).doUpdateSet({
          job: sql`excluded.job`,
          cron: sql`excluded.cron`,
          timezone: sql`excluded.timezone`,
          every_ms: sql`excluded.every_ms`,
          payload: sql`excluded.payload`,
          next_run_at: keepNextRun ? sql`core_plugin_schedules.next_run_at` : sql`excluded.next_run_at`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return scheduleInfo(row);
  }

  async find(plugin: string, key: string): Promise<ScheduleInfo | undefined> {
    const row = await this.db.selectFrom('core_plugin_schedules').selectAll().where('plugin', '=', plugin).where('key', '=', key).executeTakeFirst();
    return row ? scheduleInfo(row) : undefined;
  }

  async remove(plugin: string, key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('core_plugin_schedules').where('plugin', '=', plugin).where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(plugin: string): Promise<ScheduleInfo[]> {
    const rows = await this.db.selectFrom('core_plugin_schedules').selectAll().where('plugin', '=', plugin).orderBy('key').execute();
    return rows.map((row) => scheduleInfo(row));
  }

  async count(plugin: string): Promise<number> {
    const { count } = await this.db
      .selectFrom('core_plugin_schedules')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('plugin', '=', plugin)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /**
   * The due schedules, earliest first, locked for this transaction; rows another process's tick holds
   * are skipped, so two ticks at once never enqueue the same run.
   */
  async claimDue(tx: Transaction<PluginPortTables>, now: Date, limit: number): Promise<DueSchedule[]> {
    const rows = await tx
      .selectFrom('core_plugin_schedules')
      .selectAll()
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((row) => ({ plugin: row.plugin, ...scheduleInfo(row) }));
  }

  async advance(tx: Transaction<PluginPortTables>, plugin: string, key: string, nextRunAt: Date): Promise<void> {
    await tx.updateTable('core_plugin_schedules').set({ next_run_at: nextRunAt }).where('plugin', '=', plugin).where('key', '=', key).execute();
  }
}

export interface DueSchedule extends ScheduleInfo {
  plugin: string;
}

export function checkedTimingOf(info: ScheduleInfo): CheckedTiming {
  return 'cron' in info.timing ? { cron: info.timing.cron, timezone: info.timing.timezone ?? 'UTC' } : info.timing;
}

function scheduleInfo(row: Row): ScheduleInfo {
  const timing = row.cron !== null ? { cron: row.cron, timezone: row.timezone ?? 'UTC' } : { everyMs: Number(row.every_ms) };
  return { key: row.key, job: row.job, timing, payload: row.payload, nextRunAt: new Date(row.next_run_at) };
}
