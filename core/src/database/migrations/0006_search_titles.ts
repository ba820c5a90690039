import { sql, type Migration } from 'kysely';

/**
 * Exact title matches rank first, and a search capped at `search.rankCandidateLimit` candidates
 * still has to find them among every match: a hash index on the lower-cased title finds them
 * without reading the matches (a hash index, since titles can outgrow a B-tree entry).
 */
export const searchTitlesMigration: Migration = {
  async up(db) {
    await sql`create index core_search_documents_title on core_search_documents using hash (lower(title))`.execute(db);
  },
  async down(db) {
    await sql`drop index core_search_documents_title`.execute(db);
  },
};
