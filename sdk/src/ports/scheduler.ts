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
 * enqueues the plugin's job once, in whichever process is due first, within `scheduler.tickMs` of its
 * time. A run missed while the instance was down runs once; a run whose previous job is still pending
 * or running is skipped. An interval schedule first runs one interval after it is set (enqueue the job
 * yourself to run it now); a cron one at its next time.
 *
 * Not inside a transaction: in an inbox handler (or an actor update) every method throws, since the
 * schedules live in the root database that the transaction holds; enqueue a job and call it there.
 */
export interface SchedulerPort {
  /**
   * Adds the schedule `key`, or changes it (job, timing, payload; a change of job or payload alone keeps
   * the next run). A BadUserInputError names the field at fault: `cron` (invalid expression), `timezone`
   * (not an IANA name), `everyMs`, `job` (not one of this plugin's jobs), `key`, `payload` (not JSON).
   */
  set(key: string, job: string, timing: ScheduleTiming, payload?: unknown): Promise<ScheduleInfo>;
  /** Removes it; false when there was none. */
  remove(key: string): Promise<boolean>;
  list(): Promise<ScheduleInfo[]>;
}
