import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument } from '@commonplace/sdk';
import { migrateAll } from '../../../core/src/database/migrate.js';
import { coreMigrations } from '../../../core/src/database/migrations/index.js';
import type { BackendQuery } from '../../../core/src/search/backend.js';
import { PostgresSearchBackend } from '../../../core/src/search/postgres/postgres-backend.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../helpers/databases.js';
import { backendContract, note, noteType } from './backend-contract.js';

const options = { maxFacetValues: 20, typoMinWordLength: 4, typoSimilarity: 0.45, rankCandidateLimit: 2_000 };

for (const dialect of testDialects()) {
  backendContract(`PostgreSQL full text on ${dialect}`, async () => {
    const database = await openTestDatabase(dialect);
    await migrateAll(database.db, [{ owner: 'core', migrations: coreMigrations }]);
    return {
      backend: new PostgresSearchBackend(database.db, options),
      clear: () => clear(database),
      close: () => database.destroy(),
    };
  });

  describe(`PostgreSQL full text past rankCandidateLimit, on ${dialect}`, () => {
    const LIMIT = 5;
    let database: TestDatabase;
    let backend: PostgresSearchBackend;

    beforeAll(async () => {
      database = await openTestDatabase(dialect);
      await migrateAll(database.db, [{ owner: 'core', migrations: coreMigrations }]);
      backend = new PostgresSearchBackend(database.db, { ...options, rankCandidateLimit: LIMIT });
      await backend.prepare([noteType]);
    });
    afterAll(() => database?.destroy());
    // Truncated, not deleted: rows then lie in the table in the order they were written.
    beforeEach(async () => {
      await sql`truncate core_search_documents`.execute(database.db);
      await sql`update core_search_generations set live = 1, building = null`.execute(database.db);
    });
    /** The precondition of the tests below: the document lies past the first candidates in the table. */
    async function expectPastCandidates(id: string): Promise<void> {
      const first = await sql<{ id: string }>`select id from core_search_documents order by ctid limit ${LIMIT + 1}`.execute(database.db);
      expect(first.rows.map((row) => row.id)).not.toContain(id);
    }

    const query = (text: string, extra: Partial<BackendQuery> = {}): BackendQuery => ({
      text,
      first: 20,
      visibility: { readerKeys: ['public'] },
      documentTypes: [noteType],
      ...extra,
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    /** 30 matching notes, oldest first in the table as in time, in two subjects. */
    const thirtyMatches = (): SearchDocument[] =>
      Array.from({ length: 30 }, (_, i) =>
        note(`n${String(i).padStart(2, '0')}`, `Algebra worksheet ${i}`, { updatedAt: at(i + 10), filters: { subject: [i % 3 === 0 ? 'maths' : 'physics'] } }),
      );
    async function allPages(text: string, extra: Partial<BackendQuery> = {}): Promise<string[]> {
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page++) {
        const result = await backend.search(query(text, { first: 4, ...extra, ...(after ? { after } : {}) }));
        seen.push(...result.hits.map((hit) => hit.id));
        if (!result.endCursor) return seen;
        after = result.endCursor;
      }
      throw new Error('paging did not end');
    }

    it('estimates the total and the facets once the matches pass the limit', async () => {
      await backend.upsert(thirtyMatches());
      const result = await backend.search(query('algebra'));
      expect(result.totalEstimate).toBeGreaterThan(LIMIT);
      const facetTotal = Object.values(result.facets.subject!).reduce((sum, count) => sum + count, 0);
      expect(facetTotal).toBeGreaterThanOrEqual(LIMIT);
      expect(Math.abs(facetTotal - result.totalEstimate)).toBeLessThanOrEqual(2);

      const few = await backend.search(query('algebra worksheet 7'));
      expect(few.totalEstimate).toBeLessThanOrEqual(LIMIT);
    });

    it('still puts an exact title match first when it is not among the candidates', async () => {
      // Written last, so it is not among the first matches the table yields, and the oldest, so not among the newest.
      await backend.upsert(thirtyMatches());
      await backend.upsert([note('zz-exact', 'Algebra', { updatedAt: at(0) })]);
      await expectPastCandidates('zz-exact');
      const result = await backend.search(query('algebra'));
      expect(result.hits[0]?.id).toBe('zz-exact');
    });

    it('ranks the newest match too, and pages through the candidates without repeats', async () => {
      await backend.upsert(thirtyMatches());
      await backend.upsert([note('zz-newest', 'A note on algebra', { updatedAt: at(100) })]);
      await expectPastCandidates('zz-newest');
      const seen = await allPages('algebra');
      expect(seen).toContain('zz-newest');
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThan(LIMIT);
    });

    it('lists every match newest first when there is no text, past the limit', async () => {
      await backend.upsert(thirtyMatches());
      const seen = await allPages('', { filters: { subject: ['physics'] } });
      const physics = thirtyMatches()
        .filter((document) => (document.filters!.subject as string[])[0] === 'physics')
        .sort((a, b) => b.updatedAt!.getTime() - a.updatedAt!.getTime())
        .map((document) => document.id);
      expect(seen).toEqual(physics);
    });
  });
}

async function clear(database: TestDatabase): Promise<void> {
  await sql`delete from core_search_documents`.execute(database.db);
  await sql`update core_search_generations set live = 1, building = null`.execute(database.db);
}
