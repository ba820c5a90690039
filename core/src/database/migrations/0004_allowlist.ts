import type { Migration } from 'kysely';

/**
 * The federation allow-list: in `federation.mode: 'allowlist'`, only these domains (and their
 * subdomains) are accepted from and delivered to. Admins manage it through GraphQL.
 */
export const allowlistMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('core_allowed_domains')
      .addColumn('domain', 'text', (col) => col.primaryKey())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('core_allowed_domains').execute();
  },
};
