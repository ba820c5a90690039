import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestInstance, ManualClock, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { sql } from '@commonplace/sdk';
import { educationCommonsPlugin } from '../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';

const FEED = `query($first: Int, $after: String) { feed(first: $first, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;
const COMMUNITY_FEED = `query($c: ID!, $first: Int, $after: String) { feed(communityId: $c, first: $first, after: $after) { edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } } }`;
const NAMED_FEED = `query($c: ID!) { feed(communityId: $c) { nodes { name } } }`;
const NEWEST = `{ discover { newestResources(first: 5) { nodes { name likeCount } } featuredCommunities { nodes { id } } } }`;

async function communityOf(instance: TestInstance, owner: TestUser, name: string, input: Record<string, unknown> = {}) {
  const { createCommunity } = await ok(instance, CREATE_COMMUNITY, { input: { name, ...input } }, owner);
  const { createCollection } = await ok(instance, CREATE_COLLECTION, { input: { communityId: createCommunity.id, name: `${name} shelf` } }, owner);
  return { id: createCommunity.id as string, username: createCommunity.username as string, collectionId: createCollection.id as string };
}

async function post(instance: TestInstance, author: TestUser, collectionId: string, name: string, subject = '0231'): Promise<string> {
  const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { ...LINK_RESOURCE, collectionId, name, subject } }, author);
  return createResource.id;
}

/** Every page of a feed, `first` at a time, following endCursor. */
async function allPages(instance: TestInstance, as: TestUser, first: number): Promise<Array<{ id: string; name: string }>> {
  const seen: Array<{ id: string; name: string }> = [];
  let after: string | null = null;
  for (;;) {
    const { feed }: any = await ok(instance, FEED, { first, after }, as);
    expect(feed.nodes.length).toBeLessThanOrEqual(first);
    seen.push(...feed.nodes);
    if (!feed.pageInfo.hasNextPage) return seen;
    after = feed.pageInfo.endCursor;
  }
}

describe('feeds', () => {
  let instance: TestInstance;
  let reader: TestUser;
  let others: TestUser;
  const expected: string[] = [];
  const unexpected: string[] = [];

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    reader = await instance.signUp('reader');
    others = await instance.signUp('others');

    const joined = await communityOf(instance, others, 'Joined');
    const waiting = await communityOf(instance, others, 'Waiting', { requiresApproval: true });
    const followedGroup = await communityOf(instance, others, 'Followed group');
    const elsewhere = await communityOf(instance, others, 'Elsewhere');
    await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: joined.id }, reader);
    await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: waiting.id }, reader);
    // Core's follow of the community's Group, as a follow from another server would be.
    await ok(instance, `mutation($t: String!) { follow(target: $t) { state } }`, { t: followedGroup.username }, reader);
    await ok(instance, `mutation { followSubject(code: "06") { code } }`, {}, reader);
    const { createCollection: personal } = await ok(instance, CREATE_COLLECTION, { input: { name: 'Mine' } }, reader);

    // Interleaved, so every page mixes sources.
    for (let round = 1; round <= 2; round++) {
      expected.push(await post(instance, others, joined.collectionId, `joined ${round}`));
      unexpected.push(await post(instance, others, waiting.collectionId, `waiting ${round}`));
      expected.push(await post(instance, others, followedGroup.collectionId, `followed group ${round}`));
      expected.push(await post(instance, others, elsewhere.collectionId, `subject 0613 ${round}`, '0613'));
      unexpected.push(await post(instance, others, elsewhere.collectionId, `subject 0541 ${round}`, '0541'));
      expected.push(await post(instance, reader, personal.id, `own ${round}`));
    }
    // The reader's own resource on a followed field in a community they joined: three sources, shown once.
    const alsoJoined = await communityOf(instance, others, 'Also joined');
    await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: alsoJoined.id }, reader);
    expected.push(await post(instance, reader, alsoJoined.collectionId, 'own, joined and on 0613', '0613'));
    // Deleted resources leave every feed.
    const deleted = await post(instance, others, joined.collectionId, 'deleted');
    await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: deleted }, others);
    unexpected.push(deleted);
    expected.reverse(); // newest first
  });
  afterAll(() => instance?.close());

  it('takes in own resources, accepted memberships, followed Groups and followed fields, once each, newest first', async () => {
    const { feed } = await ok(instance, FEED, { first: 50 }, reader);
    expect(feed.nodes.map((node: { id: string }) => node.id)).toEqual(expected);
    expect(feed.pageInfo.hasNextPage).toBe(false);
  });

  it('pages through every source without a gap or a repeat', async () => {
    const { feed: whole } = await ok(instance, FEED, { first: 50 }, reader);
    for (const first of [1, 2, 5]) {
      const paged = await allPages(instance, reader, first);
      expect(paged.map((node) => node.id)).toEqual(whole.nodes.map((node: { id: string }) => node.id));
    }
  });

  it('shows nothing of pending memberships, other fields or deleted resources, and nothing at all to a newcomer', async () => {
    const ids = (await allPages(instance, reader, 50)).map((node) => node.id);
    expect(unexpected.filter((id) => ids.includes(id))).toEqual([]);
    const newcomer = await instance.signUp('newcomer');
    expect(await ok(instance, FEED, { first: 10 }, newcomer)).toEqual({ feed: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } });
  });

  it('refuses a cursor it did not give out', async () => {
    expect(await fails(instance, FEED, { first: 2, after: 'bm90IGEgY3Vyc29y' }, reader)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('loads each page’s communities, collections, origins, likes and roles in one query per kind, however long the page', async () => {
    const owner = await instance.signUp('related');
    const places = [await communityOf(instance, owner, 'Related A'), await communityOf(instance, owner, 'Related B')];
    const posted: string[] = [];
    for (let i = 0; i < 8; i++) posted.push(await post(instance, owner, places[i % 2]!.collectionId, `related ${i}`));
    const { copyResource } = await ok(instance, `mutation($r: ID!, $c: ID!) { copyResource(input: { resourceId: $r, collectionId: $c }) { id } }`, { r: posted[0], c: places[1]!.collectionId }, owner);
    await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: posted[3] }, owner);

    const PAGE = `query($c: ID!, $first: Int) { feed(communityId: $c, first: $first) { nodes {
      id viewerHasLiked derivedFrom { id } collection { id } community { id viewerRole }
    } } }`;
    // Queries of this plugin's tables only: core's job runner queries its own in the background.
    const executor = (instance.services.db as any).getExecutor();
    const queriesFor = async (first: number) => {
      await instance.drainJobs();
      const before = executor.executeQuery.mock.calls.length;
      const { feed } = await ok(instance, PAGE, { c: places[1]!.id, first }, owner);
      const calls: Array<[{ sql: string }]> = executor.executeQuery.mock.calls.slice(before);
      return { feed, queries: calls.filter(([query]) => query.sql.includes('education_commons_')).length };
    };
    vi.spyOn(executor, 'executeQuery');
    try {
      const short = await queriesFor(1);
      const long = await queriesFor(5);
      expect(long.feed.nodes).toHaveLength(5);
      expect(long.queries).toBe(short.queries);
      // Right answers, each row its own.
      const [copy, ...rest] = long.feed.nodes;
      expect(copy).toMatchObject({ id: copyResource.id, derivedFrom: { id: posted[0] }, collection: { id: places[1]!.collectionId }, community: { id: places[1]!.id, viewerRole: 'OWNER' } });
      expect(rest.map((node: { id: string; viewerHasLiked: boolean; derivedFrom: unknown }) => [node.id, node.viewerHasLiked, node.derivedFrom])).toEqual(
        [posted[7], posted[5], posted[3], posted[1]].map((id) => [id, id === posted[3], null]),
      );
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('pages a community’s feed newest first by cursor, edges and nodes alike', async () => {
    const owner = await instance.signUp('paging');
    const community = await communityOf(instance, owner, 'Paged');
    const posted: string[] = [];
    for (let i = 1; i <= 7; i++) posted.push(await post(instance, owner, community.collectionId, `resource ${i}`));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { feed }: any = await ok(instance, COMMUNITY_FEED, { c: community.id, first: 3, after }, owner);
      expect(feed.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(feed.nodes.map((node: { id: string }) => node.id));
      expect(feed.pageInfo.endCursor).toBe(feed.edges.at(-1)?.cursor ?? null);
      seen.push(...feed.nodes.map((node: { id: string }) => node.id));
      if (!feed.pageInfo.hasNextPage) break;
      after = feed.pageInfo.endCursor;
    }
    expect(seen).toEqual([...posted].reverse());
  });
});

describe('discover’s first pages', () => {
  const names = async (instance: TestInstance) =>
    (await ok(instance, NEWEST, {})).discover.newestResources.nodes.map((node: { name: string; likeCount: number }) => `${node.name} (${node.likeCount})`);

  /** A change the change marker does not see (triggers off), as one read in the instant before a commit would be. */
  const renameBehindTheMarker = (instance: TestInstance, id: string, name: string) =>
    instance.services.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update education_commons_resources set name = ${name} where id = ${id}`.execute(tx);
    });

  it('show every change at once: a new resource, a like, a featuring, a deletion', async () => {
    const instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    try {
      const admin = await instance.createUser('admin', { role: 'admin' });
      const community = await communityOf(instance, admin, 'Changing');
      const first = await post(instance, admin, community.collectionId, 'first');
      expect(await names(instance)).toEqual(['first (0)']);
      const second = await post(instance, admin, community.collectionId, 'second');
      expect(await names(instance)).toEqual(['second (0)', 'first (0)']);
      await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: first }, admin);
      expect(await names(instance)).toEqual(['second (0)', 'first (1)']);
      expect((await ok(instance, NEWEST, {})).discover.featuredCommunities.nodes).toEqual([]);
      await ok(instance, `mutation($id: ID!) { featureCommunity(id: $id, featured: true) { featured } }`, { id: community.id }, admin);
      expect((await ok(instance, NEWEST, {})).discover.featuredCommunities.nodes).toEqual([{ id: community.id }]);
      await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: second }, admin);
      expect(await names(instance)).toEqual(['first (1)']);
    } finally {
      await instance.close();
    }
  });

  it('are reused while nothing changes, for at most discover.cacheSeconds', async () => {
    const clock = new ManualClock(new Date());
    const instance = await createTestInstance({ plugins: [{ plugin: educationCommonsPlugin, settings: { discover: { cacheSeconds: 5 } } }], clock });
    try {
      const owner = await instance.signUp('owner');
      const community = await communityOf(instance, owner, 'Cached');
      const first = await post(instance, owner, community.collectionId, 'first');
      expect(await names(instance)).toEqual(['first (0)']);
      await renameBehindTheMarker(instance, first, 'renamed');
      clock.advance(4_000);
      expect(await names(instance)).toEqual(['first (0)']);
      // Only discover is cached: the resource itself reads the database.
      expect((await ok(instance, `query($id: ID!) { resource(id: $id) { name } }`, { id: first })).resource.name).toBe('renamed');
      clock.advance(1_001);
      expect(await names(instance)).toEqual(['renamed (0)']);
    } finally {
      await instance.close();
    }
  });

  it('of community and collection feeds show every change at once', async () => {
    const instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    try {
      const owner = await instance.signUp('owner');
      const community = await communityOf(instance, owner, 'Busy');
      const feedNames = async () => (await ok(instance, NAMED_FEED, { c: community.id })).feed.nodes.map((node: { name: string }) => node.name);
      const collectionNames = async () =>
        (await ok(instance, `query($l: ID!) { feed(collectionId: $l) { nodes { name } } }`, { l: community.collectionId })).feed.nodes.map((node: { name: string }) => node.name);
      const first = await post(instance, owner, community.collectionId, 'first');
      expect(await feedNames()).toEqual(['first']);
      expect(await collectionNames()).toEqual(['first']);
      await post(instance, owner, community.collectionId, 'second');
      expect(await feedNames()).toEqual(['second', 'first']);
      expect(await collectionNames()).toEqual(['second', 'first']);
      await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: first }, owner);
      expect(await feedNames()).toEqual(['second']);
      expect(await collectionNames()).toEqual(['second']);
    } finally {
      await instance.close();
    }
  });

  it('of feeds are kept for at most discover.cachedFeeds feeds, the least recently read dropped first', async () => {
    const instance = await createTestInstance({ plugins: [{ plugin: educationCommonsPlugin, settings: { discover: { cacheSeconds: 5, cachedFeeds: 2 } } }] });
    try {
      const owner = await instance.signUp('owner');
      const [often, once, last] = [await communityOf(instance, owner, 'Often'), await communityOf(instance, owner, 'Once'), await communityOf(instance, owner, 'Last')];
      const oftenId = await post(instance, owner, often.collectionId, 'often');
      const onceId = await post(instance, owner, once.collectionId, 'once');
      await post(instance, owner, last.collectionId, 'last');
      const feedNames = async (communityId: string) => (await ok(instance, NAMED_FEED, { c: communityId })).feed.nodes.map((node: { name: string }) => node.name);
      expect(await feedNames(often.id)).toEqual(['often']);
      expect(await feedNames(once.id)).toEqual(['once']);
      expect(await feedNames(often.id)).toEqual(['often']);
      // A third feed: the one read least recently ("once") makes room, not the one read first.
      expect(await feedNames(last.id)).toEqual(['last']);
      await renameBehindTheMarker(instance, oftenId, 'often, renamed');
      await renameBehindTheMarker(instance, onceId, 'once, renamed');
      expect(await feedNames(often.id)).toEqual(['often']);
      expect(await feedNames(once.id)).toEqual(['once, renamed']);
    } finally {
      await instance.close();
    }
  });

  it('are read every time with cacheSeconds 0', async () => {
    const instance = await createTestInstance({ plugins: [{ plugin: educationCommonsPlugin, settings: { discover: { cacheSeconds: 0 } } }] });
    try {
      const owner = await instance.signUp('owner');
      const community = await communityOf(instance, owner, 'Uncached');
      const first = await post(instance, owner, community.collectionId, 'first');
      expect(await names(instance)).toEqual(['first (0)']);
      await renameBehindTheMarker(instance, first, 'renamed');
      expect(await names(instance)).toEqual(['renamed (0)']);
    } finally {
      await instance.close();
    }
  });
});
