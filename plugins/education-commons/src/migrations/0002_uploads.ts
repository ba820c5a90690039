import { sql, type Kysely, type PluginDefinition } from '@commonplace/sdk';

type Migration = NonNullable<PluginDefinition['migrations']>[string];

/** Who uploaded what (the bytes live in the storage port; this table only says whose they are). */
export const createUploads: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('education_commons_uploads')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('uploader_actor_id', 'uuid', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('filename', 'text')
      .addColumn('thumbnail_key', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create index education_commons_uploads_uploader_idx on education_commons_uploads (uploader_actor_id, created_at desc)`.execute(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('education_commons_uploads').ifExists().execute();
  },
};
