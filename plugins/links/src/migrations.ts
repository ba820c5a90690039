import { sql, type Kysely } from '@commonplace/sdk';

export const linksMigrations = {
  '0001_create_links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('links_links')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('owner_actor_id', 'uuid', (c) => c.notNull())
        .addColumn('owner_uri', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('deleted_at', 'timestamptz')
        .execute();
      // A person's links, newest first (myLinks pages by (created_at, id)).
      await db.schema.createIndex('links_links_owner').on('links_links').columns(['owner_actor_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('links_likes')
        .addColumn('link_id', 'uuid', (c) => c.notNull().references('links_links.id').onDelete('cascade'))
        .addColumn('actor_uri', 'text', (c) => c.notNull())
        .addColumn('activity_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('links_likes_pkey', ['link_id', 'actor_uri'])
        .execute();
      // An Undo names the Like by its id.
      await db.schema.createIndex('links_likes_activity').on('links_likes').column('activity_uri').execute();

      await db.schema
        .createTable('links_remote_pages')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('uri', 'text', (c) => c.notNull().unique())
        .addColumn('attributed_to', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('published_at', 'timestamptz')
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
};
