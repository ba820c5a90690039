import { sql, type Migration } from 'kysely';

/**
 * What federation keeps: where remote actors receive, their keys by id, follows in both directions,
 * activities already seen (dedupe), domain blocks, moderation reports, the outbox and per-host
 * delivery health.
 */
export const federationMigration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('core_actors')
      .addColumn('inbox_url', 'text')
      .addColumn('shared_inbox_url', 'text')
      .addColumn('outbox_url', 'text')
      .addColumn('followers_url', 'text')
      .addColumn('profile_url', 'text')
      // The remote actor document as last fetched, and when: refreshed on a schedule and on signature failure.
      .addColumn('document', 'jsonb')
      .addColumn('fetched_at', 'timestamptz')
      .execute();
    await sql`create unique index core_actors_remote_handle on core_actors (lower(username), lower(domain)) where domain is not null`.execute(db);

    // Remote keys are found by their id (`https://host/users/a#main-key`); local ones have none.
    await db.schema.alterTable('core_actor_keys').addColumn('key_id', 'text').execute();
    await sql`create unique index core_actor_keys_key_id on core_actor_keys (key_id) where key_id is not null`.execute(db);

    await db.schema
      .createTable('core_follows')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('follower_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('followed_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('pending', 'accepted')`))
      // The Follow activity's id, to match Accept, Reject and Undo that name it.
      .addColumn('activity_uri', 'text', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('accepted_at', 'timestamptz')
      .addUniqueConstraint('core_follows_pair', ['follower_id', 'followed_id'])
      .execute();
    await db.schema.createIndex('core_follows_followed').on('core_follows').columns(['followed_id', 'state']).execute();
    await db.schema.createIndex('core_follows_activity').on('core_follows').column('activity_uri').execute();

    await db.schema
      .createTable('core_blocks')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('blocker_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('blocked_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addUniqueConstraint('core_blocks_pair', ['blocker_id', 'blocked_id'])
      .execute();

    // Activity ids already processed by the inbox, so a replay or a second delivery is a no-op.
    await db.schema
      .createTable('core_inbox_seen')
      .addColumn('activity_uri', 'text', (col) => col.primaryKey())
      .addColumn('received_at', 'timestamptz', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('core_inbox_seen_received').on('core_inbox_seen').column('received_at').execute();

    await db.schema
      .createTable('core_domain_blocks')
      .addColumn('domain', 'text', (col) => col.primaryKey())
      // reject: nothing from it is accepted or sent to it; silence: accepted, but kept out of public views.
      .addColumn('severity', 'text', (col) => col.notNull().check(sql`severity in ('reject', 'silence')`))
      .addColumn('reason', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('core_reports')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('reporter_id', 'uuid', (col) => col.references('core_actors.id').onDelete('set null'))
      .addColumn('target_actor_id', 'uuid', (col) => col.references('core_actors.id').onDelete('set null'))
      // The reported objects' ids (URIs), as the Flag named them.
      .addColumn('object_uris', 'jsonb', (col) => col.notNull())
      .addColumn('reason', 'text')
      .addColumn('activity_uri', 'text')
      .addColumn('state', 'text', (col) => col.notNull().defaultTo('open').check(sql`state in ('open', 'resolved', 'forwarded')`))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .execute();

    // Activities our actors published: the source of their outbox collection and of delivery jobs.
    await db.schema
      .createTable('core_outbox')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('actor_id', 'uuid', (col) => col.notNull().references('core_actors.id').onDelete('cascade'))
      .addColumn('activity_uri', 'text', (col) => col.notNull().unique())
      .addColumn('activity', 'jsonb', (col) => col.notNull())
      .addColumn('audience', 'jsonb', (col) => col.notNull())
      .addColumn('public', 'boolean', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('core_outbox_actor').on('core_outbox').columns(['actor_id', 'created_at']).execute();

    // Delivery health per remote host: a host failing for long is paused and retried later.
    await db.schema
      .createTable('core_delivery_hosts')
      .addColumn('host', 'text', (col) => col.primaryKey())
      .addColumn('failing_since', 'timestamptz')
      .addColumn('consecutive_failures', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('paused_until', 'timestamptz')
      .execute();
  },

  async down(db) {
    for (const table of ['core_delivery_hosts', 'core_outbox', 'core_reports', 'core_domain_blocks', 'core_inbox_seen', 'core_blocks', 'core_follows']) {
      await db.schema.dropTable(table).execute();
    }
    await sql`drop index core_actor_keys_key_id`.execute(db);
    await db.schema.alterTable('core_actor_keys').dropColumn('key_id').execute();
    await sql`drop index core_actors_remote_handle`.execute(db);
    for (const column of ['inbox_url', 'shared_inbox_url', 'outbox_url', 'followers_url', 'profile_url', 'document', 'fetched_at']) {
      await db.schema.alterTable('core_actors').dropColumn(column).execute();
    }
  },
};
