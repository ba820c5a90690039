import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { lookupTargetOf } from '../../../core/src/search/federated/remote-lookup.js';
import { normaliseScores, readPeerItems } from '../../../core/src/search/federated/peer-response.js';
import { sharedEntry, sharedSearchFilter } from '../../../core/src/search/federated/shared-index/shared-index-client.js';
import { peerSearchNotesPlugin, type PeerSearchNotesServices } from '../../fixtures/plugins/peer-search-notes/index.js';
import { loadFedify2, startFedifyPeer, type FedifyPeer } from '../../interop/fedify-peer.js';

/** A port free on 127.0.0.1 right now, so an instance can be booted with its public URL. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A peer that takes `delayMs` to answer its /api/search, and counts the requests it got. */
async function startSlowPeer(delayMs: number): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createHttpServer((request, response) => {
    requests += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const host = request.headers.host ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [{ id: `http://${host}/late`, type: 'peer-search-notes.note', title: 'Mycelium, too late', url: `http://${host}/late`, score: 9, originHost: host }], total: 1 }));
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A TCP server that counts connections (plain HTTP, TLS or WebFinger alike) and answers none of them usefully. */
async function startConnectionCounter(): Promise<{ host: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = createHttpServer((_request, response) => {
    response.writeHead(404);
    response.end();
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// Generous: B answers from the same process, and a loaded machine (parallel test files) slows it.
const DEADLINE_MS = 2_500;

interface RemoteNode {
  __typename: string;
  id?: string;
  url?: string;
  title?: string;
  originHost?: string;
  score?: number;
}

const FEDERATED_SEARCH = `query($query: String!, $scope: SearchScope) {
  search(query: $query, scope: $scope) {
    edges { type score node { __typename ... on RemoteSearchResult { id url title originHost score } ... on PeerSearchNote { id title } } }
  }
}`;

describe('search across instances', () => {
  let a: CoreTestInstance;
  let b: CoreTestInstance;
  let slow: Awaited<ReturnType<typeof startSlowPeer>>;
  let bUrl: string;
  let bHost: string;
  let admin: TestUser;
  let publicNoteUrl: string;
  let privateNoteUrl: string;
  let bApiRequests = 0;

  beforeAll(async () => {
    const port = await freePort();
    bHost = `127.0.0.1:${port}`;
    bUrl = `http://${bHost}`;
    b = await createTestInstance({
      name: 'Peer B',
      plugins: [peerSearchNotesPlugin],
      settings: { publicUrl: bUrl, port, search: { publicApi: { ratePerMinute: 1_000 } } },
    });
    await b.running.listen();
    // Every /api/search request that reaches B over the network (A's peer source), counted at the socket.
    b.running.app.server.on('request', (request: { url?: string }) => {
      if (request.url?.startsWith('/api/search')) bApiRequests += 1;
    });
    slow = await startSlowPeer(DEADLINE_MS * 4);
    a = await createTestInstance({
      name: 'Instance A',
      plugins: [peerSearchNotesPlugin],
      settings: {
        federation: { allowPrivateAddresses: true },
        search: { peers: [bUrl, slow.url], externalTimeoutMs: DEADLINE_MS, publicApi: { ratePerMinute: 3 } },
      },
    });

    const author = await b.createUser('bertha');
    const published = await b.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Mycelium networks in forest soil', body: 'How fungi trade sugar.', visibility: 'public' });
    const secret = await b.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Mycelium diary', body: 'Private notes on mycelium.', visibility: 'private' });
    await b.drainJobs();
    publicNoteUrl = `${bUrl}/peer-search-notes/notes/${published.id}`;
    privateNoteUrl = `${bUrl}/peer-search-notes/notes/${secret.id}`;
    admin = await a.createUser('ada', { role: 'admin' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await slow?.close();
  });

  describe('the public peer API, GET /api/search', () => {
    it('answers public local documents only, with title, summary, url, score and origin', async () => {
      const response = await b.inject({ method: 'GET', url: '/api/search?q=mycelium' });
      expect(response.statusCode).toBe(200);
      const body = response.json() as { items: Array<Record<string, unknown>>; total: number };
      expect(body.items.map((item) => item.url)).toEqual([publicNoteUrl]);
      expect(body.items[0]).toMatchObject({ id: publicNoteUrl, type: 'peer-search-notes.note', title: 'Mycelium networks in forest soil', summary: 'How fungi trade sugar.', originHost: bHost });
      expect(body.items[0]!.score).toBeGreaterThan(0);
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(body)).not.toContain(privateNoteUrl);
    });

    it('refuses bad parameters with 400 naming the parameter, before searching', async () => {
      const cases: Array<[string, string]> = [
        ['/api/search', 'q'],
        ['/api/search?q=%20%20', 'q'],
        [`/api/search?q=${'a'.repeat(501)}`, 'q'],
        ['/api/search?q=moss&first=0', 'first'],
        ['/api/search?q=moss&first=21', 'first'],
        ['/api/search?q=moss&first=2.5', 'first'],
        ['/api/search?q=moss&first=ten', 'first'],
        ['/api/search?q=moss&types=nope.thing', 'types'],
        ['/api/search?q=moss&types=,', 'types'],
        ['/api/search?q=moss&q=lichen', 'q'],
        ['/api/search?q=moss&scope=all', 'scope'],
      ];
      for (const [url, field] of cases) {
        const response = await b.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(400);
        expect(response.json(), url).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(String(response.json().message), url).not.toBe('');
      }
      const typed = await b.inject({ method: 'GET', url: '/api/search?q=mycelium&types=peer-search-notes.note&first=1' });
      expect(typed.statusCode).toBe(200);
      expect(typed.json().items).toHaveLength(1);
    });

    it('never fetches what the caller typed: no remote look-up of a URL or handle, no peer', async () => {
      const target = await startConnectionCounter();
      try {
        const typed = [`http://${target.host}/notes/1`, `https://${target.host}/notes/1`, `@someone@${target.host}`];
        // The same texts through GraphQL on A (private addresses allowed) do reach out: the counter counts.
        for (const query of typed) expect((await a.graphql(FEDERATED_SEARCH, { query, scope: 'LOCAL' })).errors).toBeUndefined();
        expect(target.connections()).toBeGreaterThan(0);

        const connectionsBefore = target.connections();
        const slowBefore = slow.requests();
        const bBefore = bApiRequests;
        for (const [i, q] of typed.entries()) {
          // An address each: the API's rate limit (3 a minute on A) is not what this tests.
          const response = await a.running.app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, remoteAddress: `203.0.113.${40 + i}` });
          expect(response.statusCode, q).toBe(200);
          expect(response.json(), q).toEqual({ items: [], total: 0 });
        }
        expect(target.connections()).toBe(connectionsBefore);
        expect(slow.requests()).toBe(slowBefore);
        expect(bApiRequests).toBe(bBefore);
      } finally {
        await target.close();
      }
    });

    it('is rate-limited per client address by its own setting', async () => {
      const from = (remoteAddress: string) => a.running.app.inject({ method: 'GET', url: '/api/search?q=anything', remoteAddress });
      for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.7')).statusCode).toBe(200);
      const refused = await from('203.0.113.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
      // Another address still gets answers.
      expect((await from('203.0.113.8')).statusCode).toBe(200);
    });
  });

  describe('a FEDERATED search', () => {
    it("returns the peer's public document, not its private one, within the deadline, though one peer is slow", async () => {
      const requestsBefore = slow.requests();
      const bBefore = bApiRequests;
      const started = performance.now();
      const result = await a.graphql<{ search: { edges: Array<{ type: string; node: RemoteNode }> } }>(FEDERATED_SEARCH, { query: 'mycelium', scope: 'FEDERATED' });
      const elapsed = performance.now() - started;
      expect(result.errors).toBeUndefined();
      const remote = result.data!.search.edges.map((edge) => edge.node).filter((node) => node.__typename === 'RemoteSearchResult');
      expect(remote.map((node) => node.url)).toEqual([publicNoteUrl]);
      expect(remote[0]).toMatchObject({ id: publicNoteUrl, title: 'Mycelium networks in forest soil', originHost: bHost });
      // Scores are normalised per peer: its best hit scores 1.
      expect(remote[0]!.score).toBe(1);
      expect(slow.requests()).toBe(requestsBefore + 1);
      expect(bApiRequests).toBe(bBefore + 1);
      expect(elapsed).toBeLessThan(DEADLINE_MS * 3);
    });

    it('asks no peer for a LOCAL search', async () => {
      const requestsBefore = slow.requests();
      const result = await a.graphql<{ search: { edges: Array<{ node: RemoteNode }> } }>(FEDERATED_SEARCH, { query: 'mycelium', scope: 'LOCAL' });
      expect(result.errors).toBeUndefined();
      expect(result.data!.search.edges).toEqual([]);
      expect(slow.requests()).toBe(requestsBefore);
    });

    it("leaves out a blocked domain's results, and asks it nothing", async () => {
      const block = await a.graphql(`mutation($domain: String!) { blockDomain(domain: $domain, severity: REJECT) { domain } }`, { domain: bHost }, { as: admin });
      expect(block.errors).toBeUndefined();
      try {
        const requestsBefore = slow.requests();
        const bBefore = bApiRequests;
        const result = await a.graphql<{ search: { edges: Array<{ node: RemoteNode }> } }>(FEDERATED_SEARCH, { query: 'mycelium', scope: 'FEDERATED' });
        expect(result.errors).toBeUndefined();
        expect(result.data!.search.edges.map((edge) => edge.node.url)).not.toContain(publicNoteUrl);
        expect(bApiRequests).toBe(bBefore);
        expect(slow.requests()).toBe(requestsBefore + 1);
      } finally {
        const unblock = await a.graphql(`mutation($domain: String!) { unblockDomain(domain: $domain) }`, { domain: bHost }, { as: admin });
        expect(unblock.errors).toBeUndefined();
      }
    });
  });

  describe('peer answers', () => {
    it('keeps well-formed items about the peer itself, and scales scores by its best hit', () => {
      const items = readPeerItems(
        {
          items: [
            { id: 'https://b.example/n/1', type: 't', title: 'One', url: 'https://b.example/n/1', score: 4 },
            { id: 'https://b.example/n/2', type: 't', title: 'Two', summary: 'S', url: 'https://b.example/n/2', score: 2 },
            { type: 't', title: 'Elsewhere', url: 'https://c.example/n/3', score: 9 },
            { type: 't', title: 'No score', url: 'https://b.example/n/4' },
            { type: 't', title: 'Bad scheme', url: 'javascript:alert(1)', score: 1 },
            'junk',
          ],
        },
        'b.example',
      );
      expect(items.map((item) => item.title)).toEqual(['One', 'Two']);
      expect(items.every((item) => item.originHost === 'b.example')).toBe(true);
      expect(normaliseScores(items).map((item) => item.score)).toEqual([1, 0.5]);
      expect(readPeerItems({ nope: true }, 'b.example')).toEqual([]);
    });
  });
});

describe('remote look-up of a handle or URL through the federation core', () => {
  let instance: CoreTestInstance;
  let peer: FedifyPeer;
  let admin: TestUser;

  beforeAll(async () => {
    instance = await createTestInstance({ settings: { federation: { allowPrivateAddresses: true } } });
    peer = await startFedifyPeer(await loadFedify2());
    admin = await instance.createUser('ada', { role: 'admin' });
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const lookup = (text: string) => instance.running.services.remoteLookup!.lookup(text, AbortSignal.timeout(5_000));

  it('tells handles and URLs from plain text', () => {
    expect(lookupTargetOf('@bob@peer.example', { allowHttp: false })).toEqual({ kind: 'handle', text: '@bob@peer.example', host: 'peer.example' });
    expect(lookupTargetOf('acct:bob@peer.example:8443', { allowHttp: false })).toMatchObject({ kind: 'handle', host: 'peer.example:8443' });
    expect(lookupTargetOf('https://peer.example/users/bob#main', { allowHttp: false })).toEqual({ kind: 'url', url: 'https://peer.example/users/bob', host: 'peer.example' });
    expect(lookupTargetOf('http://peer.example/users/bob', { allowHttp: false })).toBeNull();
    expect(lookupTargetOf('mycelium networks', { allowHttp: false })).toBeNull();
    expect(lookupTargetOf('ftp://peer.example/x', { allowHttp: true })).toBeNull();
    // A port, an IP address, a host without a dot: all handles; the SSRF guard decides where we may go.
    expect(lookupTargetOf('@bob@127.0.0.1:8080', { allowHttp: false })).toEqual({ kind: 'handle', text: '@bob@127.0.0.1:8080', host: '127.0.0.1:8080' });
    expect(lookupTargetOf('@bob@localhost', { allowHttp: false })).toMatchObject({ kind: 'handle', host: 'localhost' });
    expect(lookupTargetOf('bob@', { allowHttp: false })).toBeNull();
    expect(lookupTargetOf('@bob@peer.example extra words', { allowHttp: false })).toBeNull();
  });

  it('resolves `search(query: "@user@host:port")` in GraphQL into the Fedify actor, first', async () => {
    const result = await instance.graphql<{ search: { edges: Array<{ type: string; score: number; node: RemoteNode }> } }>(
      `query($query: String!) { search(query: $query) { edges { type score node { __typename ... on RemoteSearchResult { id title url originHost } } } } }`,
      { query: `@${peer.username}@${peer.host}` },
    );
    expect(result.errors).toBeUndefined();
    expect(peer.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(result.data!.search.edges).toHaveLength(1);
    expect(result.data!.search.edges[0]).toMatchObject({ type: 'Person', node: { __typename: 'RemoteSearchResult', id: peer.actorId, title: 'Bob (Fedify)', originHost: peer.host } });
  });

  it("resolves a Fedify peer's handle by WebFinger into one result", async () => {
    const hit = await lookup(`@${peer.username}@${peer.host}`);
    expect(hit).toMatchObject({ id: peer.actorId, type: 'Person', title: 'Bob (Fedify)', originHost: peer.host, score: 1 });
    expect(hit!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('resolves the same actor by its URL', async () => {
    expect(await lookup(peer.actorId)).toMatchObject({ id: peer.actorId, type: 'Person' });
  });

  it('gives nothing for an unknown handle, and never fails', async () => {
    expect(await lookup(`@nobody@${peer.host}`)).toBeNull();
    expect(await lookup('@someone@127.0.0.1:9')).toBeNull();
  });

  it('never asks a blocked domain', async () => {
    const block = await instance.graphql(`mutation($domain: String!) { blockDomain(domain: $domain, severity: REJECT) { domain } }`, { domain: peer.host }, { as: admin });
    expect(block.errors).toBeUndefined();
    try {
      expect(await lookup(`@${peer.username}@${peer.host}`)).toBeNull();
      expect(await lookup(peer.actorId)).toBeNull();
    } finally {
      await instance.graphql(`mutation($domain: String!) { unblockDomain(domain: $domain) }`, { domain: peer.host }, { as: admin });
    }
  });
});

describe('the shared discovery index entries', () => {
  it('tag each entry with its origin and the pushing instance, keyed so the pusher can remove it', () => {
    const entry = sharedEntry({ pushedBy: 'a.example', type: 'notes.note', localId: 'n1', title: 'T', url: 'https://social.a.example/n/1', updatedAt: new Date(5) });
    expect(entry).toMatchObject({ id: 'https://social.a.example/n/1', originHost: 'social.a.example', pushedBy: 'a.example', updatedAt: 5 });
    expect(entry.originDomains).toEqual(expect.arrayContaining(['social.a.example', 'a.example']));
    expect(entry.key).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('search without this instance’s own entries and without blocked domains, values quoted', () => {
    expect(sharedSearchFilter({ ownHost: 'a.example', blockedDomains: ['spam.example', 'x"y'], types: ['notes.note'] })).toBe(
      'pushedBy != "a.example" AND originDomains NOT IN ["spam.example", "x\\"y"] AND type IN ["notes.note"]',
    );
  });
});

describe.skipIf(!process.env.MEILISEARCH_URL)('the shared discovery index on a Meilisearch server (MEILISEARCH_URL)', () => {
  const sharedIndex = {
    url: process.env.MEILISEARCH_URL!,
    ...(process.env.MEILISEARCH_KEY ? { key: process.env.MEILISEARCH_KEY } : {}),
    // An index of this run's own, deleted at the end.
    index: `cp_test_shared_${process.pid}_${Date.now().toString(36)}`,
  };
  let pusher: CoreTestInstance;
  let reader: CoreTestInstance;
  let admin: TestUser;

  beforeAll(async () => {
    pusher = await createTestInstance({ name: 'Pusher', plugins: [peerSearchNotesPlugin], settings: { publicUrl: 'https://pusher.example', search: { sharedIndex: { ...sharedIndex, push: true } } } });
    reader = await createTestInstance({ name: 'Reader', plugins: [peerSearchNotesPlugin], settings: { publicUrl: 'https://reader.example', search: { sharedIndex: { ...sharedIndex, query: true } } } });
    admin = await reader.createUser('ada', { role: 'admin' });
  });
  afterAll(async () => {
    const { Meilisearch } = await import('meilisearch');
    await new Meilisearch({ host: sharedIndex.url, ...(sharedIndex.key ? { apiKey: sharedIndex.key } : {}) }).deleteIndex(sharedIndex.index).waitTask().catch(() => undefined);
    await pusher?.close();
    await reader?.close();
  });

  const federatedUrls = async () => {
    const result = await reader.graphql<{ search: { edges: Array<{ node: RemoteNode }> } }>(FEDERATED_SEARCH, { query: 'lichen', scope: 'FEDERATED' });
    expect(result.errors).toBeUndefined();
    return result.data!.search.edges.map((edge) => edge.node.url);
  };
  // Writes and deletes enqueue the push themselves (core's index path); the jobs carry it out.
  const sync = () => pusher.drainJobs();

  it('pushes public documents only, finds them from another instance, and hides them once their domain is blocked and removes them on delete', async () => {
    const author = await pusher.createUser('pia');
    const open = await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Lichen on old walls', body: 'Slow growth.', visibility: 'public' });
    const secret = await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.write({ authorId: author.actorId, title: 'Lichen notebook', body: 'Mine.', visibility: 'private' });
    expect(secret.visibility).toBe('private');
    await sync();
    const openUrl = `https://pusher.example/peer-search-notes/notes/${open.id}`;
    expect(await federatedUrls()).toEqual([openUrl]);

    await reader.graphql(`mutation($domain: String!) { blockDomain(domain: $domain, severity: SILENCE) { domain } }`, { domain: 'pusher.example' }, { as: admin });
    expect(await federatedUrls()).toEqual([]);
    await reader.graphql(`mutation($domain: String!) { unblockDomain(domain: $domain) }`, { domain: 'pusher.example' }, { as: admin });

    await pusher.viewOf<PeerSearchNotesServices>('peer-search-notes').peerSearchNotes.delete(open.id);
    await sync();
    expect(await federatedUrls()).toEqual([]);
  });
});
