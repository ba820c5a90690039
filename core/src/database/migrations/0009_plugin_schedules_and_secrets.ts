import { sql, type Migration } from 'kysely';

/**
 * What plugins keep through core's ports: their schedules (`services.scheduler`: one row per plugin and
 * key, its next run claimed by one process's tick) and their secrets (`services.secrets`: AES-256-GCM,
 * the plugin and name bound into the ciphertext, the key never in the database).
 */
export const pluginSchedulesAndSecretsMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('core_plugin_schedules')
      .addColumn('plugin', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('job', 'text', (col) => col.notNull())
      .addColumn('cron', 'text')
      .addColumn('timezone', 'text')
      .addColumn('every_ms', 'bigint')
      .addColumn('payload', 'jsonb', (col) => col.notNull())
      .addColumn('next_run_at', 'timestamptz', (col) => col.notNull())
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_plugin_schedules_pkey', ['plugin', 'key'])
      // Exactly one timing: a cron expression or an interval.
      .addCheckConstraint('core_plugin_schedules_timing', sql`(cron is null) <> (every_ms is null)`)
      .execute();
    // The tick reads the due rows, earliest first.
    await sql`create index core_plugin_schedules_due on core_plugin_schedules (next_run_at)`.execute(db);

    await db.schema
      .createTable('core_plugin_secrets')
      .addColumn('plugin', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('nonce', 'bytea', (col) => col.notNull())
      // The ciphertext with GCM's 16-byte authentication tag at its end.
      .addColumn('ciphertext', 'bytea', (col) => col.notNull())
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_plugin_secrets_pkey', ['plugin', 'name'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('core_plugin_secrets').execute();
    await db.schema.dropTable('core_plugin_schedules').execute();
  },
};
