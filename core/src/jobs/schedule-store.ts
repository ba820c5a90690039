import { sql, type Kysely } from 'kysely';
import type { Clock, Executor } from '@commonplace/sdk';

export interface DueSchedule {
  name: string;
  payload: unknown;
}

/** `core_job_schedules`: one row per recurring job name, shared by every process. */
export class ScheduleStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  /**
   * Idempotent by name: every process declares its schedules at boot and they all meet in one row.
   * A new schedule is due at once; a shortened interval takes effect without waiting out the old one.
   */
  async upsert(name: string, everyMs: number, payloadJson: string): Promise<void> {
    const now = this.clock.now();
    const firstRun = now;
    const soonestUnderNewInterval = new Date(now.getTime() + everyMs);
    await this.db
      .insertInto('core_job_schedules')
      .values({
        name,
        every_ms: everyMs,
        payload: sql`cast(cast(${payloadJson} as text) as jsonb)`,
        next_run_at: firstRun,
      })
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet({
          every_ms: sql`excluded.every_ms`,
          payload: sql`excluded.payload`,
          next_run_at: sql`least(core_job_schedules.next_run_at, ${soonestUnderNewInterval}::timestamptz)`,
        }),
      )
      .execute();
  }

  /**
   * Claims the due schedules among `names` inside `tx` and moves each to its next run; the caller
   * enqueues their jobs in the same transaction, so a run is neither lost nor doubled across processes.
   * After downtime a schedule runs once, not once per missed interval.
   */
  async claimDue(tx: Executor, names: readonly string[]): Promise<DueSchedule[]> {
    if (names.length === 0) return [];
    const now = sql`${this.clock.now()}::timestamptz`;
    const step = sql`every_ms * interval '1 millisecond'`;
    return (await tx
      .updateTable('core_job_schedules')
      .set({
        next_run_at: sql`case when next_run_at + ${step} > ${now} then next_run_at + ${step} else ${now} + ${step} end`,
      })
      .where(
        'name',
        'in',
        tx
          .selectFrom('core_job_schedules')
          .select('name')
          .where('next_run_at', '<=', this.clock.now())
          .where('name', 'in', [...names])
          .forUpdate()
          .skipLocked(),
      )
      .returning(['name', 'payload'])
      .execute()) as DueSchedule[];
  }
}
