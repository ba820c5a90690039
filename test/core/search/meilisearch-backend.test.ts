import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { CommonplaceError, type SearchDocumentType } from '@commonplace/sdk';
import { audienceKeys } from '../../../core/src/search/audience-keys.js';
import { decodeCursor, encodeCursor } from '../../../core/src/search/meilisearch/cursor.js';
import { allOf, audienceFilter, excludedHostsFilter, quoteFilterValue, typeFilterExpression } from '../../../core/src/search/meilisearch/filter-expression.js';
import { indexUidFor, rebuildRegistryUidFor } from '../../../core/src/search/meilisearch/index-names.js';
import { indexSettingsFor } from '../../../core/src/search/meilisearch/index-settings.js';
import { MeilisearchBackend, meilisearchBackendFrom } from '../../../core/src/search/meilisearch/index.js';
import { keywordFromStored, storedKeyword, toStoredDocument } from '../../../core/src/search/meilisearch/stored-document.js';
import { mergeSettings, parseInstanceSettings, settingsFromEnvironment } from '../../../core/src/config/load-settings.js';
import { backendContract, eventType, note, noteType } from './backend-contract.js';

const MEILISEARCH_URL = process.env.MEILISEARCH_URL;
const silent = pino({ level: 'silent' });

function backendAt(url: string, options: Partial<ConstructorParameters<typeof MeilisearchBackend>[0]> = {}): MeilisearchBackend {
  return new MeilisearchBackend({
    url,
    indexPrefix: 'test',
    requestTimeoutMs: 2_000,
    taskTimeoutMs: 10_000,
    rebuildDiscoveryMs: 100,
    maxFacetValues: 20,
    audienceKeys,
    log: silent,
    ...options,
  });
}

describe.skipIf(!MEILISEARCH_URL)('Meilisearch backend against a server (MEILISEARCH_URL)', () => {
  // Each run gets indexes of its own, so runs (and the PostgreSQL suite) never see each other's documents.
  const prefix = `cp_test_${process.pid}_${Date.now().toString(36)}`;
  const key = process.env.MEILISEARCH_KEY;
  backendContract('Meilisearch', async () => {
    const backend = backendAt(MEILISEARCH_URL!, { indexPrefix: prefix, ...(key ? { key } : {}) });
    const client = new Meilisearch({ host: MEILISEARCH_URL!, ...(key ? { apiKey: key } : {}) });
    const ours = async () => (await client.getRawIndexes({ limit: 1000 })).results.map((index) => index.uid).filter((uid) => uid.startsWith(prefix));
    return {
      backend,
      clear: async () => {
        for (const uid of await ours()) {
          if (uid === rebuildRegistryUidFor(prefix)) continue;
          await client.index(uid).deleteAllDocuments().waitTask();
        }
      },
      close: async () => {
        for (const uid of await ours()) await client.deleteIndex(uid).waitTask();
      },
    };
  });
});

describe('Meilisearch index settings from the declared types', () => {
  const resourceType: SearchDocumentType = {
    type: 'education-commons.resource',
    fields: { description: { weight: 'C' }, title: { weight: 'A' }, subjects: { weight: 'B' }, notes: { weight: 'D' }, summary: { weight: 'B' } },
    filters: { language: 'keyword', licence: 'keyword', level: 'number', published: 'date' },
    facets: ['licence'],
    toDocument: (row) => row,
    rows: async () => [],
    load: async () => new Map(),
  };

  it('orders searchable attributes by weight, keeping the declaration order within a weight', () => {
    expect(indexSettingsFor(resourceType).searchableAttributes).toEqual(['text.title', 'text.subjects', 'text.summary', 'text.description', 'text.notes']);
  });

  it('makes audience keys, type, origin and every declared filter filterable, and numbers and dates sortable', () => {
    const settings = indexSettingsFor(resourceType);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(['audienceKeys', 'type', 'originHost', 'originDomains', 'filters.language', 'filters.licence', 'filters.level', 'filters.published']),
    );
    expect(settings.sortableAttributes).toEqual(['updatedAt', 'filters.level', 'filters.published']);
    expect(settings.rankingRules?.at(-1)).toBe('updatedAt:desc');
    expect(settings.displayedAttributes).toEqual(['id', 'type', 'originHost']);
  });

  it('names one index per type with only the characters Meilisearch allows', () => {
    expect(indexUidFor('commonplace', 'education-commons.resource')).toBe('commonplace_education-commons__resource');
    expect(indexUidFor('commonplace', 'notes.note')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(rebuildRegistryUidFor('commonplace')).not.toBe(indexUidFor('commonplace', 'rebuilds'));
  });
});

describe('Meilisearch filter expressions', () => {
  it('quotes values so that user text cannot close the string or add operators', () => {
    expect(quoteFilterValue('plain')).toBe('"plain"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    // A trailing backslash would otherwise escape the closing quote and let the next value become syntax.
    expect(quoteFilterValue('x\\')).toBe('"x\\\\"');
    expect(quoteFilterValue('a" OR audienceKeys IN ["actor:victim')).toBe('"a\\" OR audienceKeys IN [\\"actor:victim"');
    expect(quoteFilterValue(42)).toBe('"42"');
  });

  it('every quote inside a quoted value is escaped, whatever the input', () => {
    for (const hostile of ['"', '\\"', '\\\\"', '"]) OR (type = "x', '\\', 'a\\\\\\"b']) {
      const quoted = quoteFilterValue(hostile);
      const inner = quoted.slice(1, -1);
      // Walk the string as Meilisearch's parser does: a backslash takes the next character with it.
      for (let i = 0; i < inner.length; i += 1) {
        if (inner[i] === '\\') i += 1;
        else expect(inner[i]).not.toBe('"');
      }
      expect(inner.endsWith('\\') && !inner.endsWith('\\\\')).toBe(false);
    }
  });

  it('stores keywords so that the parsed query value equals the stored one', () => {
    // Meilisearch turns \" back into " and keeps \\ as it is (filter-parser's unescape).
    const parsed = (value: string) => quoteFilterValue(value).slice(1, -1).replaceAll('\\"', '"');
    for (const value of ['maths', 'C:\\path', 'trailing\\', 'mixed \\" quote', '"quoted"']) {
      expect(parsed(value)).toBe(storedKeyword(value));
      expect(keywordFromStored(storedKeyword(value))).toBe(value);
    }
  });

  it('matches readers by audience key, and an empty key list matches nothing', () => {
    expect(audienceFilter(['public', 'actor:a1'])).toBe('audienceKeys IN ["public", "actor:a1"]');
    expect(audienceFilter([])).toBe('audienceKeys IN ["none:"]');
  });

  it('leaves out blocked domains through the parent domains each document carries', () => {
    expect(excludedHostsFilter([])).toBeNull();
    expect(excludedHostsFilter(['Spam.Example', 'spam.example'])).toBe('originDomains NOT IN ["spam.example"]');
    const stored = toStoredDocument(note('s', 'Spam', { originHost: 'Social.Spam.Example' }), noteType, ['public']);
    expect(stored.originDomains).toEqual(expect.arrayContaining(['social.spam.example', 'spam.example']));
    expect(toStoredDocument(note('l', 'Local'), noteType, ['public']).originDomains).toEqual([]);
  });

  it('builds keyword, number and date clauses for the fields a type declares', () => {
    expect(typeFilterExpression(noteType, { subject: ['math', 'logic'] })).toEqual(['filters.subject IN ["math", "logic"]']);
    expect(typeFilterExpression(noteType, { level: { from: 2, to: 3 } })).toEqual(['(filters.level >= 2 AND filters.level <= 3)']);
    expect(typeFilterExpression(noteType, { published: { from: '2025-01-01T00:00:00Z' } })).toEqual([`filters.published >= ${Date.parse('2025-01-01T00:00:00Z')}`]);
    // The event type has no level: none of its documents can match, so its index is not asked.
    expect(typeFilterExpression(eventType, { level: { from: 2 } })).toBeNull();
    expect(allOf(['a = 1', null, 'b = 2'])).toBe('(a = 1) AND (b = 2)');
  });

  it('refuses a range on a keyword and a bound that is not a number or date, naming filters', () => {
    expect(() => typeFilterExpression(noteType, { subject: { from: 'a' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: { field: 'filters' } }));
    expect(() => typeFilterExpression(noteType, { level: { from: 'high' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => typeFilterExpression(noteType, { published: { to: 'yesterday' } })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('Meilisearch documents and cursors', () => {
  it('stores dates as milliseconds, keeps only declared fields, and carries the audience keys', () => {
    const stored = toStoredDocument(
      note('n/1', 'Title', {
        body: 'Body',
        fields: { title: 'Title', body: 'Body', secret: 'not declared' },
        filters: { subject: ['a', 'b'], published: new Date('2025-02-03T00:00:00Z'), level: 2 },
        audience: { kind: 'followers', of: 'alice' },
        ownerActorId: 'alice',
      }),
      noteType,
      audienceKeys({ audience: { kind: 'followers', of: 'alice' }, ownerActorId: 'alice' }),
    );
    expect(stored.text).toEqual({ title: 'Title', body: 'Body' });
    expect(stored.filters).toEqual({ subject: ['a', 'b'], published: Date.parse('2025-02-03T00:00:00Z'), level: 2 });
    expect(new Set(stored.audienceKeys)).toEqual(new Set(['followers:alice', 'actor:alice']));
    // Ids become keys Meilisearch accepts, and different ids stay different.
    expect(stored.key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(toStoredDocument(note('n_1', 'x'), noteType, []).key).not.toBe(stored.key);
  });

  it('round-trips its cursor and refuses a forged one naming `after`', () => {
    expect(decodeCursor(encodeCursor(40))).toBe(40);
    expect(decodeCursor(null)).toBe(0);
    for (const forged of ['not-a-cursor', Buffer.from('ms:-1').toString('base64url'), Buffer.from('pg:3').toString('base64url')]) {
      expect(() => decodeCursor(forged)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } }));
    }
  });
});

describe('Meilisearch backend when the server is unreachable', () => {
  // Port 9 (discard) has no listener here: connections are refused at once.
  const backend = backendAt('http://127.0.0.1:9');
  const query = { text: 'x', first: 5, visibility: { readerKeys: ['public'] }, documentTypes: [noteType] };

  it('answers searches with SERVICE_UNAVAILABLE and reports itself unavailable', async () => {
    const failure = await backend.search(query).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommonplaceError);
    expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await backend.isAvailable()).toBe(false);
  });

  it('fails writes with SERVICE_UNAVAILABLE, so index jobs retry', async () => {
    await expect(backend.prepare([noteType])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(backend.upsert([note('a', 'A')])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(backend.remove([{ type: 'notes.note', id: 'a' }])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('still refuses a forged cursor as bad input, not as an outage', async () => {
    await expect(backend.search({ ...query, after: 'forged' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('is configured from search.meilisearch, and absent without a url', () => {
    expect(meilisearchBackendFrom(parseInstanceSettings({}), { log: silent })).toBeNull();
    const configured = meilisearchBackendFrom(parseInstanceSettings({ search: { meilisearch: { url: 'http://127.0.0.1:7700' } } }), { log: silent });
    expect(configured?.name).toBe('meilisearch');
    // MEILISEARCH_URL and MEILISEARCH_KEY in the environment choose the backend and reach it.
    const fromEnvironment = parseInstanceSettings(settingsFromEnvironment({ MEILISEARCH_URL: 'http://search.internal:7700', MEILISEARCH_KEY: 'k' }));
    expect(fromEnvironment.search).toMatchObject({ backend: 'meilisearch', meilisearch: { url: 'http://search.internal:7700', key: 'k' } });
    expect(parseInstanceSettings(settingsFromEnvironment({})).search.backend).toBe('postgres');
  });

  it('is chosen by a named server unless search.backend says otherwise explicitly', () => {
    const environment = settingsFromEnvironment({ MEILISEARCH_URL: 'http://search.internal:7700' });
    // The instance file says postgres: the environment names the server but does not override the choice.
    const explicit = parseInstanceSettings(mergeSettings({ search: { backend: 'postgres' } }, environment));
    expect(explicit.search).toMatchObject({ backend: 'postgres', meilisearch: { url: 'http://search.internal:7700' } });
    expect(parseInstanceSettings(mergeSettings({ search: { maxPageSize: 50 } }, environment)).search.backend).toBe('meilisearch');
    expect(parseInstanceSettings({ search: { meilisearch: { url: 'http://127.0.0.1:7700' } } }).search.backend).toBe('meilisearch');
    expect(parseInstanceSettings({ search: { maxPageSize: 50 } }).search.backend).toBe('postgres');
  });
});

describe('Meilisearch backend requests (a recording HTTP server in place of Meilisearch)', () => {
  /** Records each request's method, path and JSON body, and answers with what `reply` gives. */
  async function recordingServer(reply: (request: { method: string; path: string; body: unknown }) => unknown) {
    const seen: Array<{ method: string; path: string; body: unknown }> = [];
    const server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const entry = { method: request.method ?? 'GET', path: request.url ?? '/', body: text ? JSON.parse(text) : null };
      seen.push(entry);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply(entry)));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
  }

  it('asks one federated multi-search over the types that can match, with the audience, hosts and filters of each', async () => {
    const server = await recordingServer(() => ({
      hits: [
        { id: 'b', type: 'notes.note', originHost: null, _federation: { indexUid: 'test_notes__note', queriesPosition: 0, weightedRankingScore: 0.9 } },
        { id: 'a', type: 'notes.note', originHost: null, _federation: { indexUid: 'test_notes__note', queriesPosition: 0, weightedRankingScore: 0.5 } },
        { id: 'c', type: 'notes.note', originHost: null, _federation: { indexUid: 'test_notes__note', queriesPosition: 0, weightedRankingScore: 0.1 } },
      ],
      estimatedTotalHits: 7,
      facetDistribution: { 'filters.subject': { 'C:\\\\maths': 3 } },
      processingTimeMs: 1,
      offset: 2,
      limit: 3,
    }));
    try {
      const backend = backendAt(server.url);
      const results = await backend.search({
        text: 'algebra',
        first: 2,
        after: encodeCursor(2),
        filters: { level: { from: 2 } },
        visibility: { readerKeys: ['public', 'actor:a1'] },
        excludedHosts: ['spam.example'],
        documentTypes: [noteType, eventType],
      });
      const request = server.seen.find((entry) => entry.path === '/multi-search');
      expect(request?.method).toBe('POST');
      const body = request!.body as { federation: Record<string, unknown>; queries: Array<Record<string, unknown>> };
      expect(body.federation).toMatchObject({ offset: 2, limit: 3, facetsByIndex: { test_notes__note: ['filters.subject'] } });
      // The event type declares no `level`: none of its documents can match, so it is not asked.
      expect(body.queries).toEqual([
        {
          indexUid: 'test_notes__note',
          q: 'algebra',
          showRankingScore: true,
          filter: '((audienceKeys IN ["public", "actor:a1"]) AND (originDomains NOT IN ["spam.example"])) AND (filters.level >= 2)',
        },
      ]);
      expect(results.hits.map((hit) => [hit.id, hit.score])).toEqual([
        ['b', 0.9],
        ['a', 0.5],
      ]);
      expect(decodeCursor(results.endCursor)).toBe(4);
      expect(results.totalEstimate).toBe(7);
      // Stored keywords have their backslashes doubled; facets give them back as they were written.
      expect(results.facets).toEqual({ subject: { 'C:\\maths': 3 } });
    } finally {
      await server.close();
    }
  });
});
