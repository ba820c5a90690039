import { sql, type Migration } from 'kysely';

/**
 * GraphQL mutations sent with an Idempotency-Key: one row per account and key (the key's SHA-256,
 * never the key), written as 'running' before the mutation runs, so a concurrent duplicate finds it
 * in any process, then 'done' with the answer to replay. Rows are purged once they expire.
 */
export const idempotencyKeysMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('core_idempotency_keys')
      .addColumn('account_id', 'uuid', (col) => col.notNull().references('core_accounts.id').onDelete('cascade'))
      .addColumn('key_digest', 'text', (col) => col.notNull())
      // What the key was first sent with: the same key with another request is refused.
      .addColumn('request_digest', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('running', 'done')`))
      .addColumn('status_code', 'integer')
      .addColumn('response', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_idempotency_keys_pkey', ['account_id', 'key_digest'])
      .execute();
    await sql`create index core_idempotency_keys_expiry on core_idempotency_keys (expires_at)`.execute(db);
  },
  async down(db) {
    await db.schema.dropTable('core_idempotency_keys').execute();
  },
};
