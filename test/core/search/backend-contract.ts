import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchDocumentType } from '@commonplace/sdk';
import type { BackendQuery, SearchBackend } from '../../../core/src/search/backend.js';

/**
 * The shared suite every search backend passes (PostgreSQL full text here; Meilisearch where
 * MEILISEARCH_URL is set). `open` gives a backend over an empty index; `clear` empties it between tests.
 */
export interface BackendUnderTest {
  backend: SearchBackend;
  /** Remove every document, so each test starts from an empty index. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export const noteType: SearchDocumentType = {
  type: 'notes.note',
  fields: { title: { weight: 'A' }, body: { weight: 'C' } },
  filters: { subject: 'keyword', level: 'number', published: 'date' },
  facets: ['subject'],
  toDocument: (row: SearchDocument) => row,
  rows: async () => [],
  load: async () => new Map(),
};

export const eventType: SearchDocumentType = {
  type: 'notes.event',
  fields: { name: { weight: 'A' } },
  filters: { subject: 'keyword' },
  toDocument: (row: SearchDocument) => row,
  rows: async () => [],
  load: async () => new Map(),
};

const PUBLIC = ['public'];

export function note(id: string, title: string, extra: Partial<SearchDocument> & { body?: string } = {}): SearchDocument {
  const { body, ...rest } = extra;
  return {
    id,
    type: 'notes.note',
    audience: { kind: 'public' },
    fields: { title, body: body ?? null },
    language: 'en',
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...rest,
  };
}

export function backendContract(name: string, open: () => Promise<BackendUnderTest>): void {
  describe(`search backend contract: ${name}`, () => {
    let subject: BackendUnderTest;
    let backend: SearchBackend;

    beforeAll(async () => {
      subject = await open();
      backend = subject.backend;
      await backend.prepare([noteType, eventType]);
    });
    afterAll(() => subject?.close());
    beforeEach(() => subject.clear());

    const search = (text: string, extra: Partial<BackendQuery> = {}) =>
      backend.search({
        text,
        first: 20,
        visibility: { readerKeys: PUBLIC },
        documentTypes: [noteType, eventType],
        ...extra,
      });
    const ids = async (text: string, extra: Partial<BackendQuery> = {}) => (await search(text, extra)).hits.map((hit) => hit.id);

    it('ranks an exact title match first, above documents that repeat the words', async () => {
      await backend.upsert([
        note('n1', 'Photosynthesis in plants: photosynthesis, light and photosynthesis again', { body: 'photosynthesis photosynthesis' }),
        note('n2', 'Photosynthesis'),
        note('n3', 'Leaves and photosynthesis'),
      ]);
      const found = await ids('photosynthesis');
      expect(found[0]).toBe('n2');
      expect(new Set(found)).toEqual(new Set(['n1', 'n2', 'n3']));
    });

    it('stems by the document language: "run" finds an English "running"', async (context) => {
      // Capabilities are known once the backend is open, after collection: skipped at run time.
      if (!backend.capabilities.stemming) context.skip(`${name} declares no stemming`);
      await backend.upsert([
        note('en', 'Running in the park', { body: 'Field studies of city birds' }),
        note('fr', 'Les chevaux du village', { language: 'fr-FR' }),
        note('other', 'A quiet walk'),
      ]);
      expect(await ids('run')).toEqual(['en']);
      // Neither is a prefix of the indexed word: only the stemmers join them.
      expect(await ids('study')).toEqual(['en']);
      expect(await ids('cheval')).toEqual(['fr']);
    });

    it('matches the last word as a prefix while typing', async () => {
      await backend.upsert([note('p', 'Photosynthesis explained'), note('q', 'Photography basics')]);
      expect(await ids('photosynth')).toEqual(['p']);
      expect(new Set(await ids('photo'))).toEqual(new Set(['p', 'q']));
      expect(await ids('explained photosy')).toEqual(['p']);
    });

    it('tolerates a typo, ranking exact matches above corrected ones', async () => {
      await backend.upsert([note('t', 'Photosynthesis explained'), note('u', 'Unrelated chemistry')]);
      expect(await ids('photosinthesis')).toEqual(['t']);
      expect(await ids('chemestry')).toEqual(['u']);
      expect(await ids('zzzqqq')).toEqual([]);
    });

    it('filters by keyword, number and date ranges, and counts facets over all matches', async () => {
      await backend.upsert([
        note('a', 'Algebra one', { filters: { subject: ['math'], level: 1, published: new Date('2024-03-01') } }),
        note('b', 'Algebra two', { filters: { subject: ['math', 'logic'], level: 2, published: new Date('2025-03-01') } }),
        note('c', 'Algebra for poets', { filters: { subject: 'poetry', level: 3, published: new Date('2026-03-01') } }),
      ]);
      expect(new Set(await ids('algebra', { filters: { subject: ['math'] } }))).toEqual(new Set(['a', 'b']));
      expect(new Set(await ids('algebra', { filters: { subject: ['logic', 'poetry'] } }))).toEqual(new Set(['b', 'c']));
      expect(new Set(await ids('algebra', { filters: { level: { from: 2 } } }))).toEqual(new Set(['b', 'c']));
      expect(await ids('algebra', { filters: { level: { from: 2, to: 2 } } })).toEqual(['b']);
      const since2025 = Date.parse('2025-01-01');
      expect(new Set(await ids('', { filters: { published: { from: since2025 } } }))).toEqual(new Set(['b', 'c']));

      const results = await search('algebra', { first: 1 });
      expect(results.hits).toHaveLength(1);
      expect(results.totalEstimate).toBe(3);
      expect(results.facets).toEqual({ subject: { math: 2, logic: 1, poetry: 1 } });
    });

    it('restricts to the named types', async () => {
      await backend.upsert([note('n', 'Garden meetup'), { id: 'e', type: 'notes.event', audience: { kind: 'public' }, fields: { name: 'Garden meetup' } }]);
      expect(new Set(await ids('garden'))).toEqual(new Set(['n', 'e']));
      expect(await ids('garden', { documentTypes: [eventType] })).toEqual(['e']);
    });

    it('finds a document only for readers its audience names, and always for its owner', async () => {
      await backend.upsert([
        note('pub', 'Compost guide'),
        note('fol', 'Compost diary', { audience: { kind: 'followers', of: 'alice' }, ownerActorId: 'alice' }),
        note('grp', 'Compost plan', { audience: { kind: 'group', groupId: 'g1' }, ownerActorId: 'bob' }),
        note('dm', 'Compost secret', { audience: { kind: 'direct', to: ['carol'] }, ownerActorId: 'alice' }),
        note('unl', 'Compost draft', { audience: { kind: 'unlisted' }, ownerActorId: 'alice' }),
      ]);
      const as = async (keys: string[]) => new Set(await ids('compost', { visibility: { readerKeys: keys } }));
      expect(await as(['public'])).toEqual(new Set(['pub']));
      expect(await as(['public', 'actor:alice'])).toEqual(new Set(['pub', 'fol', 'dm', 'unl']));
      expect(await as(['public', 'actor:dave', 'followers:alice'])).toEqual(new Set(['pub', 'fol']));
      expect(await as(['public', 'actor:dave', 'group:g1'])).toEqual(new Set(['pub', 'grp']));
      expect(await as(['public', 'actor:carol'])).toEqual(new Set(['pub', 'dm']));
    });

    it('leaves out documents from excluded hosts and their subdomains', async () => {
      await backend.upsert([
        note('local', 'Beekeeping'),
        note('far', 'Beekeeping abroad', { originHost: 'bees.example' }),
        note('sub', 'Beekeeping nearby', { originHost: 'social.spam.example' }),
      ]);
      expect(new Set(await ids('beekeeping', { excludedHosts: ['spam.example'] }))).toEqual(new Set(['local', 'far']));
    });

    it('replaces a document on upsert and forgets it on remove', async () => {
      await backend.upsert([note('x', 'Old title about owls')]);
      await backend.upsert([note('x', 'New title about hawks')]);
      expect(await ids('owls')).toEqual([]);
      expect(await ids('hawks')).toEqual(['x']);
      await backend.remove([{ type: 'notes.note', id: 'x' }]);
      expect(await ids('hawks')).toEqual([]);
    });

    it('pages with a cursor, without repeats or gaps, and refuses a forged cursor naming `after`', async () => {
      await backend.upsert(Array.from({ length: 7 }, (_, i) => note(`m${i}`, `Moss number ${i}`, { updatedAt: new Date(Date.UTC(2026, 0, 1 + i)) })));
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page += 1) {
        const results = await search('moss', { first: 3, after });
        seen.push(...results.hits.map((hit) => hit.id));
        after = results.endCursor;
        if (!after) break;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      await expect(search('moss', { after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } });
    });

    it('rebuilds aside: searches see the old index until commit, then only the new one', async () => {
      await backend.upsert([note('old', 'Lichen survey'), { id: 'e', type: 'notes.event', audience: { kind: 'public' }, fields: { name: 'Lichen walk' } }]);
      const rebuild = await backend.beginRebuild('notes.note');
      await rebuild.upsert([note('new', 'Lichen atlas')]);
      expect(new Set(await ids('lichen'))).toEqual(new Set(['old', 'e']));
      await rebuild.commit();
      // The event type was not rebuilt and is untouched.
      expect(new Set(await ids('lichen'))).toEqual(new Set(['new', 'e']));

      const abandoned = await backend.beginRebuild();
      await abandoned.upsert([note('gone', 'Lichen ghost')]);
      await abandoned.abort();
      expect(new Set(await ids('lichen'))).toEqual(new Set(['new', 'e']));
    });

    it('keeps writes made during a rebuild', async () => {
      const rebuild = await backend.beginRebuild('notes.note');
      await backend.upsert([note('live', 'Fern written during the rebuild')]);
      await rebuild.upsert([note('rebuilt', 'Fern from the database')]);
      await rebuild.commit();
      expect(new Set(await ids('fern'))).toEqual(new Set(['live', 'rebuilt']));
    });

    it('says it is available', async () => {
      expect(await backend.isAvailable()).toBe(true);
    });
  });
}
