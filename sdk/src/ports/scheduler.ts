/** When a schedule runs: a cron expression (five fields, or six with seconds) in a time zone, or a fixed interval. */
export type ScheduleTiming = { cron: string; timezone?: string } | { everyMs: number };

export interface ScheduleInfo {
  /** The plugin's own name for it (`decidim-connection-<id>`). */
  key: string;
  /** The plugin's job it enqueues (without the `<plugin-id>.` prefix). */
  job: string;
  timing: ScheduleTiming;
  payload: unknown;
  /** When it runs next. */
  nextRunAt: Date;
}

/**
 * A plugin's schedules, added, changed and removed while the instance runs (one per Decidim
 * connection, say), kept in the database so every process and every restart has them. Each run
 * enqueues the plugin's job once, in whichever process is due first.
 */
export interface SchedulerPort {
  /** Adds the schedule `key`, or changes it (job, timing, payload); an invalid cron expression is a BadUserInputError. */
  set(key: string, job: string, timing: ScheduleTiming, payload?: unknown): Promise<ScheduleInfo>;
  /** Removes it; false when there was none. */
  remove(key: string): Promise<boolean>;
  list(): Promise<ScheduleInfo[]>;
}
