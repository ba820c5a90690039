import { asValue } from 'awilix';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@commonplace/sdk/testing';
import type { SearchBackend } from '../../../core/src/search/backend.js';
import type { ExternalHit, ExternalSearchSource } from '../../../core/src/search/external-source.js';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { searchNotesPlugin } from '../../fixtures/plugins/search-notes/index.js';

const SEARCH = `query Search($query: String!, $types: [String!], $filters: SearchFilters, $first: Int, $after: String, $scope: SearchScope) {
  search(query: $query, types: $types, filters: $filters, first: $first, after: $after, scope: $scope) {
    totalEstimate
    pageInfo { hasNextPage endCursor }
    facets { field values { value count } }
    edges { cursor score type node {
      __typename
      ... on SearchNotesNote { id title }
      ... on RemoteSearchResult { id title originHost url }
    } }
  }
}`;

const WRITE = `mutation Write($title: String!, $body: String!, $subjects: [String!], $level: Int, $visibility: String) {
  writeSearchNote(title: $title, body: $body, subjects: $subjects, level: $level, visibility: $visibility) { id }
}`;

type User = Awaited<ReturnType<CoreTestInstance['signUp']>>;

describe('GraphQL search over a plugin’s notes', () => {
  let instance: CoreTestInstance;
  let clock: ManualClock;
  let alice: User;
  let bob: User;
  let carol: User;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    instance = await createTestInstance({ plugins: [searchNotesPlugin], jobs: false, clock, settings: { search: { externalTimeoutMs: 300 } } });
    alice = await instance.signUp('alice');
    bob = await instance.signUp('bob');
    carol = await instance.signUp('carol');
    const followed = await instance.graphql(`mutation { follow(target: "alice") { state } }`, {}, { as: bob });
    expect(followed.data?.follow.state).toBe('ACCEPTED');
  });
  afterAll(() => instance?.close());

  let original: SearchBackend;
  beforeAll(() => {
    original = instance.running.services.searchBackend;
  });

  beforeEach(async () => {
    await sql`delete from search_notes_notes`.execute(instance.running.database.db);
    await sql`delete from core_search_documents`.execute(instance.running.database.db);
    instance.running.container.register({ searchBackend: asValue(original), searchSources: asValue([]), remoteLookup: asValue(undefined) } as never);
  });

  async function write(user: User, title: string, extra: { body?: string; subjects?: string[]; level?: number; visibility?: string } = {}) {
    const result = await instance.graphql<{ writeSearchNote: { id: string } }>(WRITE, { title, body: extra.body ?? '', ...extra }, { as: user });
    expect(result.errors).toBeUndefined();
    return result.data!.writeSearchNote.id;
  }

  async function search(variables: Record<string, unknown>, as?: User) {
    return instance.graphql(SEARCH, variables, as ? { as } : {});
  }

  async function titles(variables: Record<string, unknown>, as?: User): Promise<string[]> {
    const result = await search(variables, as);
    expect(result.errors).toBeUndefined();
    return result.data.search.edges.map((edge: { node: { title: string } }) => edge.node.title);
  }

  it('finds a note once its index job ran, the exact title first', async () => {
    await write(alice, 'Seed saving', { body: 'Seed saving, seed saving and more seed saving for every garden' });
    await write(alice, 'Seed saving handbook');
    expect(await titles({ query: 'seed saving' })).toEqual([]);
    await instance.drainJobs();
    expect(await titles({ query: 'seed saving' })).toEqual(['Seed saving', 'Seed saving handbook']);
    // Typing, and a typo.
    expect(await titles({ query: 'handb' })).toEqual(['Seed saving handbook']);
    expect(await titles({ query: 'handbok' })).toEqual(['Seed saving handbook']);
  });

  it('shows each viewer only what they may see, re-checked when loading', async () => {
    await write(alice, 'Tomato public');
    await write(alice, 'Tomato for followers', { visibility: 'followers' });
    await write(alice, 'Tomato private', { visibility: 'private' });
    await instance.drainJobs();
    const sorted = async (as?: User) => (await titles({ query: 'tomato' }, as)).sort();
    expect(await sorted()).toEqual(['Tomato public']);
    expect(await sorted(carol)).toEqual(['Tomato public']);
    expect(await sorted(bob)).toEqual(['Tomato for followers', 'Tomato public']);
    expect(await sorted(alice)).toEqual(['Tomato for followers', 'Tomato private', 'Tomato public']);
    // The port from the root container answers anonymously.
    expect((await instance.services.search!.query({ text: 'tomato' })).hits).toHaveLength(1);

    // Bob unfollows: the index still lists him as a reader of nothing new, and his keys no longer match.
    await instance.graphql(`mutation { unfollow(target: "alice") }`, {}, { as: bob });
    expect(await sorted(bob)).toEqual(['Tomato public']);
    await instance.graphql(`mutation { follow(target: "alice") { state } }`, {}, { as: bob });
  });

  it('filters, counts facets and pages with cursors', async () => {
    for (let i = 0; i < 5; i += 1) {
      await write(alice, `Orchard note ${i}`, { subjects: i % 2 === 0 ? ['fruit', 'trees'] : ['trees'], level: i });
      clock.advance(1_000);
    }
    await instance.drainJobs();
    const filtered = await search({ query: 'orchard', filters: { keywords: [{ field: 'subject', values: ['fruit'] }], ranges: [{ field: 'level', from: '1' }] } });
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data.search.edges.map((e: { node: { title: string } }) => e.node.title).sort()).toEqual(['Orchard note 2', 'Orchard note 4']);

    const first = await search({ query: 'orchard', first: 2 });
    expect(first.data.search.totalEstimate).toBe(5);
    expect(first.data.search.facets).toEqual([{ field: 'subject', values: [{ value: 'trees', count: 5 }, { value: 'fruit', count: 3 }] }]);
    const seen = first.data.search.edges.map((e: { node: { id: string } }) => e.node.id);
    let after = first.data.search.pageInfo.endCursor;
    while (after) {
      const next = await search({ query: 'orchard', first: 2, after });
      seen.push(...next.data.search.edges.map((e: { node: { id: string } }) => e.node.id));
      after = next.data.search.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(5);
  });

  it('forgets a deleted note', async () => {
    const id = await write(alice, 'Walnut tree');
    await instance.drainJobs();
    expect(await titles({ query: 'walnut' })).toEqual(['Walnut tree']);
    const deleted = await instance.graphql(`mutation($id: ID!) { deleteSearchNote(id: $id) }`, { id }, { as: alice });
    expect(deleted.errors).toBeUndefined();
    await instance.drainJobs();
    expect(await titles({ query: 'walnut' })).toEqual([]);
  });

  it.each([
    ['an empty query without filters', { query: '   ' }, 'query'],
    ['a query over 500 characters', { query: 'a'.repeat(501) }, 'query'],
    ['an unknown type', { query: 'x', types: ['search-notes.nope'] }, 'types'],
    ['an unknown filter', { query: 'x', filters: { keywords: [{ field: 'colour', values: ['red'] }] } }, 'filters'],
    ['a keyword value for a number filter', { query: 'x', filters: { keywords: [{ field: 'level', values: ['1'] }] } }, 'filters'],
    ['a range that is not a number', { query: 'x', filters: { ranges: [{ field: 'level', from: 'high' }] } }, 'filters'],
    ['first over 100', { query: 'x', first: 101 }, 'first'],
    ['an invalid cursor', { query: 'x', after: 'bm90IGEgY3Vyc29y' }, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_name, variables, field) => {
    const result = await search(variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts an empty query when filters are given', async () => {
    await write(alice, 'Hazel hedge', { subjects: ['hedges'] });
    await instance.drainJobs();
    expect(await titles({ query: '', filters: { keywords: [{ field: 'subject', values: ['hedges'] }] } })).toEqual(['Hazel hedge']);
  });

  it('answers SERVICE_UNAVAILABLE while the backend is down; writes still succeed and their index jobs retry', async () => {
    instance.running.container.register({ searchBackend: asValue(unreachable(original)) } as never);
    const id = await write(alice, 'Chestnut grove');
    await instance.drainJobs();
    const job = await instance.running.database.db
      .selectFrom('core_jobs')
      .select(['state', 'attempts', 'last_error'])
      .where('name', '=', 'core.search.sync')
      .where(sql`payload ->> 'id'`, '=', id)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'pending', attempts: 1 });
    expect(job.last_error).toMatch(/ECONNREFUSED/);
    const down = await search({ query: 'chestnut' });
    expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    instance.running.container.register({ searchBackend: asValue(original) } as never);
    clock.advance(60_000);
    await instance.drainJobs();
    expect(await titles({ query: 'chestnut' })).toEqual(['Chestnut grove']);
  });

  it('picks up a change whose job was lost with the periodic sweep', async () => {
    await write(alice, 'Mulberry bush');
    // As if the process died with the job, or the job ran out of attempts during an outage.
    await instance.running.database.db.deleteFrom('core_jobs').where('name', '=', 'core.search.sync').execute();
    await instance.drainJobs();
    expect(await titles({ query: 'mulberry' })).toEqual([]);
    clock.advance(instance.running.settings.search.sweepIntervalMs + 1);
    await instance.services.jobs.enqueue('core.search.sweep', {});
    await instance.drainJobs();
    expect(await titles({ query: 'mulberry' })).toEqual(['Mulberry bush']);
  });

  it('rebuilds a lost index from the database with reindex', async () => {
    await write(alice, 'Elder flowers');
    await instance.drainJobs();
    await sql`delete from core_search_documents`.execute(instance.running.database.db);
    expect(await titles({ query: 'elder' })).toEqual([]);
    const done = await instance.running.services.searchEngine.reindex(undefined, instance.running.services);
    expect(done).toEqual([{ type: 'search-notes.note', documents: 1 }]);
    expect(await titles({ query: 'elder' })).toEqual(['Elder flowers']);
  });

  it('merges other sources when FEDERATED, leaving out slow, failing and blocked ones', async () => {
    await write(alice, 'Apple grafting');
    await instance.drainJobs();
    const hit = (id: string, originHost: string, score: number): ExternalHit => ({ id, type: 'note', title: `Apple ${id}`, url: `https://${originHost}/${id}`, originHost, score });
    const sources: ExternalSearchSource[] = [
      { name: 'peer', search: async () => [hit('p1', 'peer.example', 5), hit('p2', 'peer.example', 0.01), hit('bad', 'spam.example', 9)] },
      { name: 'shared', search: async () => [hit('p1', 'peer.example', 5)] },
      { name: 'failing', search: async () => Promise.reject(new Error('boom')) },
      {
        name: 'slow',
        search: () =>
          new Promise((resolve) => {
            setTimeout(() => resolve([hit('late', 'slow.example', 99)]), 5_000).unref();
          }),
      },
    ];
    instance.running.container.register({ searchSources: asValue(sources) } as never);
    await instance.running.database.db
      .insertInto('core_domain_blocks')
      .values({ domain: 'spam.example', severity: 'reject', reason: null, created_at: new Date() })
      .execute();

    const local = await search({ query: 'apple' });
    expect(local.data.search.edges.map((e: { node: { __typename: string } }) => e.node.__typename)).toEqual(['SearchNotesNote']);

    const started = Date.now();
    const federated = await search({ query: 'apple', scope: 'FEDERATED' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(federated.errors).toBeUndefined();
    const nodes = federated.data.search.edges.map((e: { node: { __typename: string; id: string } }) => `${e.node.__typename}:${e.node.__typename === 'RemoteSearchResult' ? e.node.id : 'local'}`);
    expect(nodes).toEqual(['RemoteSearchResult:p1', 'SearchNotesNote:local', 'RemoteSearchResult:p2']);
    await instance.running.database.db.deleteFrom('core_domain_blocks').execute();
  });

  it('resolves a handle through the remote look-up and puts it first', async () => {
    instance.running.container.register({
      remoteLookup: asValue({
        lookup: async (text: string) =>
          text === '@dana@far.example' ? { id: 'https://far.example/users/dana', type: 'Person', title: 'Dana', url: 'https://far.example/@dana', originHost: 'far.example', score: 1 } : null,
      }),
    } as never);
    const result = await search({ query: '@dana@far.example' });
    expect(result.errors).toBeUndefined();
    expect(result.data.search.edges[0].node).toMatchObject({ __typename: 'RemoteSearchResult', id: 'https://far.example/users/dana', originHost: 'far.example' });
  });
});

describe('GraphQL search with no searchable types', () => {
  it('still has a valid SearchResult union, holding RemoteSearchResult', async () => {
    const instance = await createTestInstance({ jobs: false });
    try {
      const union = await instance.graphql(`{ __type(name: "SearchResult") { kind possibleTypes { name } } }`);
      expect(union.data.__type).toEqual({ kind: 'UNION', possibleTypes: [{ name: 'RemoteSearchResult' }] });
      const result = await instance.graphql(`{ search(query: "anything") { totalEstimate edges { cursor } } }`);
      expect(result).toEqual({ data: { search: { totalEstimate: 0, edges: [] } } });
    } finally {
      await instance.close();
    }
  });
});

/** The real backend's shape with every call failing as a refused connection does: an outage, not a stub of results. */
function unreachable(backend: SearchBackend): SearchBackend {
  const refuse = async (): Promise<never> => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7700'), { code: 'ECONNREFUSED' });
  };
  return { name: backend.name, capabilities: backend.capabilities, prepare: refuse, upsert: refuse, remove: refuse, search: refuse, beginRebuild: refuse, isAvailable: async () => false };
}
