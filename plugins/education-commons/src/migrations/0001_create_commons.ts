import { sql, type Kysely, type PluginDefinition } from '@commonplace/sdk';

type Migration = NonNullable<PluginDefinition['migrations']>[string];

/**
 * Communities, collections, resources and the social tables. Written in SQL both PostgreSQL and
 * PGlite (PostgreSQL 17) understand. Foreign keys hold within the plugin; ids of core actors are
 * plain uuids, as a plugin does not reach into core's tables.
 */
export const createCommons: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('education_commons_communities')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('actor_id', 'uuid', (c) => c.notNull().unique())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('actor_uri', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('language', 'text')
      .addColumn('icon_url', 'text')
      .addColumn('owner_actor_id', 'uuid', (c) => c.notNull())
      .addColumn('requires_approval', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('featured', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('last_activity_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create index education_commons_communities_created_idx on education_commons_communities (created_at desc, id desc)`.execute(db);
    await sql`create index education_commons_communities_active_idx on education_commons_communities (last_activity_at desc, id desc)`.execute(db);
    await sql`create index education_commons_communities_featured_idx on education_commons_communities (created_at desc, id desc) where featured`.execute(db);

    await db.schema
      .createTable('education_commons_members')
      .addColumn('community_id', 'uuid', (c) => c.notNull().references('education_commons_communities.id').onDelete('cascade'))
      .addColumn('actor_id', 'uuid', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'moderator', 'member')`))
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('accepted', 'pending')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('education_commons_members_pk', ['community_id', 'actor_id'])
      .execute();
    await sql`create index education_commons_members_actor_idx on education_commons_members (actor_id)`.execute(db);

    await db.schema
      .createTable('education_commons_collections')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('actor_id', 'uuid', (c) => c.notNull().unique())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('actor_uri', 'text', (c) => c.notNull().unique())
      .addColumn('community_id', 'uuid', (c) => c.references('education_commons_communities.id'))
      .addColumn('owner_actor_id', 'uuid', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('featured', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create index education_commons_collections_community_idx on education_commons_collections (community_id, created_at desc, id desc)`.execute(db);
    await sql`create index education_commons_collections_featured_idx on education_commons_collections (created_at desc, id desc) where featured`.execute(db);

    await db.schema
      .createTable('education_commons_resources')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('uri', 'text', (c) => c.notNull().unique())
      .addColumn('origin_host', 'text')
      .addColumn('collection_id', 'uuid', (c) => c.references('education_commons_collections.id'))
      .addColumn('community_id', 'uuid', (c) => c.references('education_commons_communities.id'))
      .addColumn('community_uri', 'text')
      .addColumn('author_actor_id', 'uuid')
      .addColumn('author_uri', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('link', 'file')`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text')
      .addColumn('upload_id', 'text')
      .addColumn('licence', 'text', (c) => c.notNull())
      .addColumn('language', 'text')
      .addColumn('level', 'text')
      .addColumn('subject', 'text')
      .addColumn('resource_type', 'text')
      .addColumn('learning_outcomes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('credited_author', 'text')
      .addColumn('original_url', 'text')
      .addColumn('derived_from_id', 'uuid', (c) => c.references('education_commons_resources.id').onDelete('set null'))
      .addColumn('derived_from_uri', 'text')
      .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    // Feeds and discover read live resources newest first, per community, per collection, or all.
    await sql`create index education_commons_resources_community_idx on education_commons_resources (community_id, created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index education_commons_resources_community_uri_idx on education_commons_resources (community_uri, created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index education_commons_resources_collection_idx on education_commons_resources (collection_id, created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index education_commons_resources_newest_idx on education_commons_resources (created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index education_commons_resources_liked_idx on education_commons_resources (like_count desc, id desc) where deleted_at is null`.execute(db);
    // ISCED-F codes nest by prefix (06 > 061 > 0613): a subject follow matches with LIKE 'code%'.
    await sql`create index education_commons_resources_subject_idx on education_commons_resources (subject text_pattern_ops) where deleted_at is null`.execute(db);

    await db.schema
      .createTable('education_commons_comments')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('uri', 'text', (c) => c.notNull().unique())
      .addColumn('origin_host', 'text')
      .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('community', 'collection', 'resource')`))
      .addColumn('target_id', 'uuid', (c) => c.notNull())
      .addColumn('community_id', 'uuid')
      .addColumn('in_reply_to_id', 'uuid', (c) => c.references('education_commons_comments.id').onDelete('set null'))
      .addColumn('author_actor_id', 'uuid')
      .addColumn('author_uri', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    await sql`create index education_commons_comments_target_idx on education_commons_comments (target_id, created_at, id)`.execute(db);
    await sql`create index education_commons_comments_reply_idx on education_commons_comments (in_reply_to_id, created_at, id)`.execute(db);

    await db.schema
      .createTable('education_commons_likes')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'uuid', (c) => c.notNull())
      .addColumn('actor_id', 'uuid')
      .addColumn('actor_uri', 'text', (c) => c.notNull())
      .addColumn('activity_uri', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('education_commons_likes_once', ['target_id', 'actor_uri'])
      .execute();

    await db.schema
      .createTable('education_commons_bookmarks')
      .addColumn('actor_id', 'uuid', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'uuid', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('education_commons_bookmarks_pk', ['actor_id', 'target_id'])
      .execute();

    await db.schema
      .createTable('education_commons_flags')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'uuid', (c) => c.notNull())
      .addColumn('community_id', 'uuid')
      .addColumn('reporter_actor_id', 'uuid', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('resolved_at', 'timestamptz')
      .addColumn('resolved_by', 'uuid')
      .execute();
    await sql`create index education_commons_flags_community_idx on education_commons_flags (community_id, created_at desc, id desc) where resolved_at is null`.execute(db);

    await db.schema
      .createTable('education_commons_subject_follows')
      .addColumn('actor_id', 'uuid', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('education_commons_subject_follows_pk', ['actor_id', 'subject'])
      .execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['subject_follows', 'flags', 'bookmarks', 'likes', 'comments', 'resources', 'collections', 'members', 'communities']) {
      await db.schema.dropTable(`education_commons_${table}`).ifExists().execute();
    }
  },
};
