import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asValue } from 'awilix';
import type { ActivityPubObject, Audience, Clock, PluginEntry } from '@commonplace/sdk';
import { createTestInstance, type CoreTestInstance } from '../../../../core/src/testing/index.js';
import { signRequest } from '../../../../core/src/federation/signatures/index.js';

export const PUBLIC_URL = 'http://localhost.test';
export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';

/** A local node:http server playing a remote fediverse server: documents by path, hits counted. */
export interface RemoteServer {
  origin: string;
  host: string;
  /** Serve JSON at a path (activity+json unless told), or a bare status. */
  serve(path: string, body: unknown, options?: { status?: number; contentType?: string }): void;
  hits(path: string): number;
  /** The headers of the last request for a path. */
  lastHeaders(path: string): Record<string, string | string[] | undefined> | undefined;
  close(): Promise<void>;
}

export async function startRemoteServer(): Promise<RemoteServer> {
  const routes = new Map<string, { status: number; contentType: string; body: string }>();
  const hits = new Map<string, number>();
  const headers = new Map<string, Record<string, string | string[] | undefined>>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const key = url.pathname === '/.well-known/webfinger' ? `${url.pathname}?${url.search.slice(1)}` : url.pathname;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    headers.set(key, { ...request.headers });
    const route = routes.get(key);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(route.status, { 'content-type': route.contentType }).end(route.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    origin: `http://${host}`,
    host,
    serve(path, body, options = {}) {
      routes.set(path, {
        status: options.status ?? 200,
        contentType: options.contentType ?? 'application/activity+json',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    hits: (path) => hits.get(path) ?? 0,
    lastHeaders: (path) => headers.get(path),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface KeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function rsaKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** A remote actor served by a RemoteServer, with its key pair and WebFinger entry. */
export interface RemoteActor {
  id: string;
  keyId: string;
  username: string;
  keys: KeyPair;
  document: Record<string, unknown>;
  /** Serve the document again (after changing it or the key). */
  publish(): void;
  rotateKey(): void;
}

export function remoteActor(server: RemoteServer, username: string, options: { manuallyApprovesFollowers?: boolean; keys?: KeyPair } = {}): RemoteActor {
  const id = `${server.origin}/users/${username}`;
  const actor: RemoteActor = {
    id,
    keyId: `${id}#main-key`,
    username,
    keys: options.keys ?? rsaKeyPair(),
    document: {},
    publish() {
      actor.document = {
        '@context': [AS_CONTEXT, 'https://w3id.org/security/v1'],
        id,
        type: 'Person',
        preferredUsername: username,
        name: `${username} remote`,
        summary: `<p>${username} lives elsewhere</p>`,
        icon: { type: 'Image', url: `${server.origin}/media/${username}.png` },
        url: `${server.origin}/@${username}`,
        inbox: `${id}/inbox`,
        outbox: `${id}/outbox`,
        followers: `${id}/followers`,
        endpoints: { sharedInbox: `${server.origin}/inbox` },
        manuallyApprovesFollowers: options.manuallyApprovesFollowers ?? false,
        publicKey: { id: actor.keyId, owner: id, publicKeyPem: actor.keys.publicKeyPem },
      };
      server.serve(`/users/${username}`, actor.document);
      server.serve(
        `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${username}@${server.host}`)}`,
        { subject: `acct:${username}@${server.host}`, links: [{ rel: 'self', type: 'application/activity+json', href: id }] },
        { contentType: 'application/jrd+json' },
      );
    },
    rotateKey() {
      actor.keys = rsaKeyPair();
      actor.publish();
    },
  };
  actor.publish();
  return actor;
}

export interface Published {
  activity: ActivityPubObject;
  audience: Audience;
  actorId: string;
}

/** A test instance whose `federation` port records what is published (the real outbox is not wired here). */
export async function federationTestInstance(options: { plugins?: readonly PluginEntry[]; clock?: Clock; settings?: Record<string, unknown> } = {}) {
  const instance = await createTestInstance({
    plugins: options.plugins ?? [],
    ...(options.clock ? { clock: options.clock } : {}),
    settings: { federation: { allowPrivateAddresses: true, ...((options.settings?.federation as object) ?? {}) } } as never,
  });
  const published: Published[] = [];
  instance.running.container.register({
    federation: asValue({
      publish: async (activity: ActivityPubObject, audience: Audience, publishOptions: { actorId: string }) => {
        published.push({ activity, audience, actorId: publishOptions.actorId });
      },
      resolve: async () => null,
    }),
  });
  return { instance, published };
}

/** POSTs a body signed (draft-cavage) with the actor's key, as a remote server would. */
export async function signedPost(
  instance: CoreTestInstance,
  path: string,
  body: string | Record<string, unknown>,
  signer: { keyId: string; privateKeyPem: string },
  options: { clock?: Clock; sendBody?: string; contentType?: string; headers?: Record<string, string> } = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = await signRequest(
    { method: 'POST', url: `${PUBLIC_URL}${path}`, headers: { 'Content-Type': options.contentType ?? 'application/activity+json' }, body: text },
    { keyId: signer.keyId, privateKeyPem: signer.privateKeyPem, ...(options.clock ? { clock: options.clock } : {}) },
  );
  return instance.inject({ method: 'POST', url: path, headers: { ...headers, ...options.headers }, payload: options.sendBody ?? text });
}

/** A signed POST of an activity by a remote actor. */
export function postActivity(instance: CoreTestInstance, actor: RemoteActor, activity: Record<string, unknown>, path = '/inbox', options: Parameters<typeof signedPost>[4] = {}) {
  return signedPost(instance, path, activity, { keyId: actor.keyId, privateKeyPem: actor.keys.privateKeyPem }, options);
}

export function activityId(actor: RemoteActor, kind = 'activities'): string {
  return `${actor.id.replace(/\/users\/[^/]+$/, '')}/${kind}/${randomUUID()}`;
}

/** Counts of the rows the inbox may write, to assert that a refusal stored nothing. */
export async function rowCounts(instance: CoreTestInstance): Promise<Record<string, number>> {
  const db = instance.running.database.db;
  const counts: Record<string, number> = {};
  for (const table of ['core_inbox_seen', 'core_follows', 'core_blocks', 'core_reports', 'core_actors', 'core_actor_keys']) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
