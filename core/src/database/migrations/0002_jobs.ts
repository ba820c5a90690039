import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Durable jobs: `core_jobs` is both the in-process queue and the transactional outbox relayed to BullMQ;
 * `core_job_schedules` holds recurring jobs, one row per job name.
 */
export const jobsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('core_jobs')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('state', 'text', (c) =>
        c.notNull().check(sql`state in ('pending', 'running', 'completed', 'dead')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('backoff_ms', 'integer', (c) => c.notNull())
      .addColumn('timeout_ms', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'timestamptz', (c) => c.notNull())
      .addColumn('locked_at', 'timestamptz')
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('dedupe_key', 'text')
      // Set once the row is in BullMQ; null means "not relayed yet" (the in-process adapter ignores it).
      .addColumn('relayed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('finished_at', 'timestamptz')
      .execute();

    // Partial indexes, each matching one query: claim, relay, lease recovery, dead letters, cleanup.
    await sql`create index core_jobs_due on core_jobs (run_at) where state = 'pending'`.execute(db);
    await sql`create index core_jobs_unrelayed on core_jobs (run_at) where state = 'pending' and relayed_at is null`.execute(
      db,
    );
    await sql`create index core_jobs_running on core_jobs (locked_at) where state = 'running'`.execute(db);
    await sql`create index core_jobs_dead on core_jobs (finished_at desc) where state = 'dead'`.execute(db);
    await sql`create index core_jobs_completed on core_jobs (finished_at) where state = 'completed'`.execute(db);
    // A dedupe key is taken, per job name, only while its job is waiting or running; it is free again once the job ends.
    await sql`create unique index core_jobs_dedupe on core_jobs (name, dedupe_key) where state in ('pending', 'running')`.execute(
      db,
    );

    await db.schema
      .createTable('core_job_schedules')
      .addColumn('name', 'text', (c) => c.primaryKey())
      // bigint: a monthly interval does not fit in an integer of milliseconds.
      .addColumn('every_ms', 'bigint', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('next_run_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<any>) {
    await db.schema.dropTable('core_job_schedules').ifExists().execute();
    await db.schema.dropTable('core_jobs').ifExists().execute();
  },
};
