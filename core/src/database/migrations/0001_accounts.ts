import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Accounts (who logs in), actors (who acts and federates), their keys, sessions, invites and the
 * log-in attempt counters. Times are written by the application's clock, never by now(), so tests
 * can move time.
 */
export const accountsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('core_accounts')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      // null once the account is deleted, which frees the address for a new account.
      .addColumn('email', 'text')
      // null once the account is deleted: nobody can log in to it again.
      .addColumn('password_hash', 'text')
      .addColumn('role', 'text', (col) => col.notNull().defaultTo('member').check(sql`role in ('admin', 'moderator', 'member')`))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('deleted_at', 'timestamptz')
      .addCheckConstraint('core_accounts_live_have_email', sql`deleted_at is not null or (email is not null and password_hash is not null)`)
      .execute();
    await sql`create unique index core_accounts_email_key on core_accounts (lower(email))`.execute(db);

    await db.schema
      .createTable('core_actors')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('type', 'text', (col) =>
        col.notNull().check(sql`type in ('Person', 'Group', 'Organization', 'Service', 'Application')`),
      )
      .addColumn('username', 'text', (col) => col.notNull())
      .addColumn('domain', 'text')
      .addColumn('display_name', 'text')
      .addColumn('summary', 'text')
      .addColumn('avatar_url', 'text')
      .addColumn('uri', 'text', (col) => col.notNull().unique())
      .addColumn('account_id', 'uuid', (col) => col.references('core_accounts.id'))
      .addColumn('owner_account_id', 'uuid', (col) => col.references('core_accounts.id'))
      .addColumn('manually_approves_followers', 'boolean', (col) => col.notNull().defaultTo(false))
      .addColumn('discoverable', 'boolean', (col) => col.notNull().defaultTo(true))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    // Deleted actors keep their row, so their usernames stay reserved and old links never change hands.
    await sql`create unique index core_actors_local_username_key on core_actors (lower(username)) where domain is null`.execute(db);
    await sql`create index core_actors_remote_username_idx on core_actors (lower(username), lower(domain)) where domain is not null`.execute(db);
    // An account has one Person.
    await sql`create unique index core_actors_account_key on core_actors (account_id) where account_id is not null`.execute(db);
    await sql`create index core_actors_owner_idx on core_actors (owner_account_id) where owner_account_id is not null`.execute(db);

    await db.schema
      .createTable('core_actor_keys')
      .addColumn('actor_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('rsa', 'ed25519')`))
      .addColumn('public_key_pem', 'text', (col) => col.notNull())
      // null for remote actors' keys, and once a local account is deleted.
      .addColumn('private_key_pem', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_actor_keys_pkey', ['actor_id', 'kind'])
      .execute();

    await db.schema
      .createTable('core_sessions')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('account_id', 'uuid', (col) => col.notNull().references('core_accounts.id'))
      // sha256 (hex) of the bearer token; the token itself is never stored.
      .addColumn('token_hash', 'text', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('last_used_at', 'timestamptz', (col) => col.notNull())
      .execute();
    await sql`create unique index core_sessions_token_hash_key on core_sessions (token_hash)`.execute(db);
    await db.schema.createIndex('core_sessions_account_idx').on('core_sessions').column('account_id').execute();
    await db.schema.createIndex('core_sessions_expires_idx').on('core_sessions').column('expires_at').execute();

    await db.schema
      .createTable('core_invites')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('code_hash', 'text', (col) => col.notNull())
      // null for invites made from the command line.
      .addColumn('created_by', 'uuid', (col) => col.references('core_accounts.id'))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
      .addColumn('max_uses', 'integer', (col) => col.notNull().check(sql`max_uses >= 1`))
      .addColumn('uses', 'integer', (col) => col.notNull().defaultTo(0))
      .addCheckConstraint('core_invites_uses_in_range', sql`uses >= 0 and uses <= max_uses`)
      .execute();
    await sql`create unique index core_invites_code_hash_key on core_invites (code_hash)`.execute(db);

    // One row per counted key (a hashed login name or client address): the window began at its first failure.
    await db.schema
      .createTable('core_rate_limits')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('window_start', 'timestamptz', (col) => col.notNull())
      .addColumn('count', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('core_rate_limits_window_idx').on('core_rate_limits').column('window_start').execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['core_rate_limits', 'core_invites', 'core_sessions', 'core_actor_keys', 'core_actors', 'core_accounts']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
