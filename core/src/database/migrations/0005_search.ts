import { sql, type Migration } from 'kysely';

/**
 * Search: the queue of index changes (every backend), and the PostgreSQL full-text backend's tables.
 * Documents carry a generation per type: a reindex builds the next generation aside and swaps it in
 * by updating one row of core_search_generations, so searches never see a half-built index.
 */
export const searchMigration: Migration = {
  async up(db) {
    await sql`create extension if not exists pg_trgm`.execute(db);

    // Latest wanted state of each document, written in the caller's transaction; null document = remove.
    await sql`create sequence core_search_change_seq`.execute(db);
    await db.schema
      .createTable('core_search_changes')
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('document', 'jsonb')
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('changed_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_search_changes_pk', ['type', 'id'])
      .execute();
    await db.schema.createIndex('core_search_changes_changed').on('core_search_changes').column('changed_at').execute();

    await db.schema
      .createTable('core_search_generations')
      .addColumn('type', 'text', (col) => col.primaryKey())
      .addColumn('live', 'integer', (col) => col.notNull())
      .addColumn('building', 'integer')
      .execute();

    await db.schema
      .createTable('core_search_documents')
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('generation', 'integer', (col) => col.notNull())
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('config', 'text', (col) => col.notNull())
      // The A-weighted fields joined: an exact match of the whole query on them ranks first.
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('tsv', sql`tsvector`, (col) => col.notNull())
      .addColumn('readers', sql`text[]`, (col) => col.notNull())
      .addColumn('filters', 'jsonb', (col) => col.notNull())
      .addColumn('origin_host', 'text')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('core_search_documents_pk', ['type', 'generation', 'id'])
      .execute();
    // fastupdate off: a GIN pending list is scanned by every search until vacuum merges it, and PGlite
    // never autovacuums. Writes pay a little more so that searches stay fast.
    await sql`create index core_search_documents_tsv on core_search_documents using gin (tsv) with (fastupdate = off)`.execute(db);
    await sql`create index core_search_documents_readers on core_search_documents using gin (readers) with (fastupdate = off)`.execute(db);
    await sql`create index core_search_documents_filters on core_search_documents using gin (filters jsonb_path_ops) with (fastupdate = off)`.execute(db);
    await sql`create index core_search_documents_recent on core_search_documents (updated_at desc, type, id)`.execute(db);

    // Every word seen in indexed text: typo tolerance corrects query words to their nearest known words.
    await db.schema.createTable('core_search_words').addColumn('word', 'text', (col) => col.primaryKey()).execute();
    await sql`create index core_search_words_trgm on core_search_words using gin (word gin_trgm_ops) with (fastupdate = off)`.execute(db);
  },
  async down(db) {
    await db.schema.dropTable('core_search_words').execute();
    await db.schema.dropTable('core_search_documents').execute();
    await db.schema.dropTable('core_search_generations').execute();
    await db.schema.dropTable('core_search_changes').execute();
    await sql`drop sequence core_search_change_seq`.execute(db);
  },
};
