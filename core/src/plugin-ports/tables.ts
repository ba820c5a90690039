import type { ColumnType } from 'kysely';

/** core_plugin_schedules: a plugin's schedule (migration 0009). */
export interface PluginScheduleRow {
  plugin: string;
  key: string;
  /** The plugin's job, without its `<plugin-id>.` prefix. */
  job: string;
  cron: string | null;
  timezone: string | null;
  /** bigint: pg returns it as a string. */
  every_ms: ColumnType<string | number | null, number | null, number | null>;
  payload: ColumnType<unknown, unknown, unknown>;
  next_run_at: ColumnType<Date, Date, Date>;
  updated_at: ColumnType<Date, Date, Date>;
}

/** core_plugin_secrets: one encrypted value (migration 0009). */
export interface PluginSecretRow {
  plugin: string;
  name: string;
  nonce: Uint8Array;
  /** AES-256-GCM ciphertext followed by its 16-byte tag. */
  ciphertext: Uint8Array;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface PluginPortTables {
  core_plugin_schedules: PluginScheduleRow;
  core_plugin_secrets: PluginSecretRow;
}
