import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, federationTestInstance, remoteActor, rsaKeyPair, signedPost, type KeyPair, type RemoteServer } from '../inbox/helpers.js';

/**
 * A remote server on 127.0.0.1 that counts the connections open to it (the most at once, too), answers
 * after `delayMs`, or holds every request until released; unknown paths get 404.
 */
interface CountingServer extends RemoteServer {
  open: number;
  maxOpen: number;
  delayMs: number;
  hold: boolean;
  release(): void;
}

async function startCountingServer(tally: { open: number; maxOpen: number }, delayMs = 0): Promise<CountingServer> {
  const routes = new Map<string, string>();
  const hits = new Map<string, number>();
  let held: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = () => {
      const body = routes.get(path);
      if (body === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      else response.writeHead(200, { 'content-type': 'application/activity+json' }).end(body);
    };
    if (counting.hold) held.push(answer);
    else setTimeout(answer, counting.delayMs);
  });
  server.on('connection', (socket) => {
    counting.open += 1;
    tally.open += 1;
    counting.maxOpen = Math.max(counting.maxOpen, counting.open);
    tally.maxOpen = Math.max(tally.maxOpen, tally.open);
    socket.on('close', () => {
      counting.open -= 1;
      tally.open -= 1;
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const counting: CountingServer = {
    origin: `http://${host}`,
    host,
    open: 0,
    maxOpen: 0,
    delayMs,
    hold: false,
    serve: (path, body) => void routes.set(path, JSON.stringify(body)),
    hits: (path) => hits.get(path) ?? 0,
    lastHeaders: () => undefined,
    release() {
      counting.hold = false;
      const waiting = held;
      held = [];
      for (const answer of waiting) answer();
    },
    close: () =>
      new Promise<void>((done) => {
        counting.release();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return counting;
}

describe('remote fetches are capped per host and in total', () => {
  const PER_HOST = 4;
  const TOTAL = 6;
  // Long enough for every fetch of the first test to get its turn on a loaded machine.
  const QUEUE_WAIT_MS = 8_000;
  const tally = { open: 0, maxOpen: 0 };
  let instance: CoreTestInstance;
  let servers: CountingServer[];
  let keys: KeyPair;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({
      settings: { federation: { fetchConcurrencyPerHost: PER_HOST, fetchConcurrency: TOTAL, fetchQueueWaitMs: QUEUE_WAIT_MS } },
    }));
    servers = await Promise.all([0, 1, 2].map(() => startCountingServer(tally, 40)));
    keys = rsaKeyPair();
  });
  afterAll(async () => {
    await instance.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  const core = () => instance.running.services.federationCore;
  const note = (actor: string) => ({ '@context': AS_CONTEXT, id: `${actor}/activities/${Math.random()}`, type: 'Create', actor, object: { id: `${actor}/notes/1`, type: 'Note', attributedTo: actor, content: 'hi' } });
  const postSignedBy = (keyId: string) => signedPost(instance, '/inbox', note(keyId.replace(/#.*$/, '')), { keyId, privateKeyPem: keys.privateKeyPem });

  it('made-up key ids sent to the inbox at once open at most the per-host and total caps of connections', async () => {
    tally.maxOpen = 0;
    const keyIds = servers.flatMap((server) => Array.from({ length: 12 }, (_, i) => `${server.origin}/users/bogus${i}#main-key`));
    const responses = await Promise.all(keyIds.map(postSignedBy));

    expect(responses.map((response) => response.statusCode)).toEqual(keyIds.map(() => 401));
    expect(responses[0]!.json().message).toMatch(/unknown key/);
    // Every key was asked for, but never more at once than the caps allow.
    for (const server of servers) {
      expect(Array.from({ length: 12 }, (_, i) => server.hits(`/users/bogus${i}`))).toEqual(Array.from({ length: 12 }, () => 1));
      expect(server.maxOpen).toBeLessThanOrEqual(PER_HOST);
    }
    expect(tally.maxOpen).toBeLessThanOrEqual(TOTAL);
    expect(tally.maxOpen).toBeGreaterThan(PER_HOST);
  }, 60_000);

  it('requests signed with one unknown key id meanwhile share one fetch of it', async () => {
    const [server] = servers as [CountingServer];
    const ann = remoteActor(server, 'ann');
    server.delayMs = 300;
    try {
      const resolved = await Promise.all(Array.from({ length: 20 }, () => core().remoteActors.keyResolver(ann.keyId)));
      expect(server.hits('/users/ann')).toBe(1);
      expect(new Set(resolved.map((key) => key?.publicKeyPem))).toEqual(new Set([ann.keys.publicKeyPem]));
    } finally {
      server.delayMs = 40;
    }
  });

  it('a key fetch that waits longer than fetchQueueWaitMs is refused: the inbox answers 503 with Retry-After and the reason', async () => {
    const [, , slow] = servers as [CountingServer, CountingServer, CountingServer];
    slow.hold = true;
    // The slow host's slots are all taken by fetches that do not end.
    const stuck = Array.from({ length: PER_HOST }, (_, i) => core().remoteActors.fetchKey(`${slow.origin}/users/stuck${i}#main-key`));
    await expect.poll(() => slow.open, { timeout: 5_000 }).toBe(PER_HOST);

    const started = Date.now();
    const response = await postSignedBy(`${slow.origin}/users/waiting#main-key`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(QUEUE_WAIT_MS - 50);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.json().message).toMatch(/too many remote fetches in flight: 4 fetches to 127\.0\.0\.1:\d+ \(federation\.fetchConcurrencyPerHost\)/);
    expect(slow.hits('/users/waiting')).toBe(0);

    // Another host is not held up by the slow one.
    const [other] = servers as [CountingServer];
    expect((await postSignedBy(`${other.origin}/users/elsewhere#main-key`)).statusCode).toBe(401);

    slow.release();
    expect(await Promise.all(stuck)).toEqual([null, null, null, null]);
  }, 60_000);
});
