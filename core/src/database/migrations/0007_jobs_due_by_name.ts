import { sql, type Migration } from 'kysely';

/**
 * Each slot pool claims its own job names (`name in (...) order by run_at`). On an index of `run_at`
 * alone, the shared pool's claim read past every pending delivery of a large fan-out, pass after pass,
 * to find none of its own. Keyed by name first, each pool reads only its own rows.
 */
export const jobsDueByNameMigration: Migration = {
  async up(db) {
    await sql`create index core_jobs_due_by_name on core_jobs (name, run_at) where state = 'pending'`.execute(db);
    await sql`drop index core_jobs_due`.execute(db);
  },
  async down(db) {
    await sql`create index core_jobs_due on core_jobs (run_at) where state = 'pending'`.execute(db);
    await sql`drop index core_jobs_due_by_name`.execute(db);
  },
};
