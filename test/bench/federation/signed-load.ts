import { generateKeyPairSync } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '../../../core/src/federation/signatures/index.js';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = `${AS_CONTEXT}#Public`;

/** The remote actor: a Person with an RSA-2048 key, served from a local node:http server on 127.0.0.1. */
export interface RemoteActorServer {
  origin: string;
  actorId: string;
  keyId: string;
  publicKeyPem: string;
  privateKeyPem: string;
  /** GETs of the actor document, by anyone. */
  actorFetches(): number;
  close(): Promise<void>;
}

export async function startRemoteActor(username = 'loadgen'): Promise<RemoteActorServer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  let fetches = 0;
  let document = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === `/users/${username}`) {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/activity+json' }).end(document);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const actorId = `${origin}/users/${username}`;
  const keyId = `${actorId}#main-key`;
  document = JSON.stringify({
    '@context': [AS_CONTEXT, 'https://w3id.org/security/v1'],
    id: actorId,
    type: 'Person',
    preferredUsername: username,
    name: 'Load generator',
    inbox: `${actorId}/inbox`,
    outbox: `${actorId}/outbox`,
    followers: `${actorId}/followers`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: keyId, owner: actorId, publicKeyPem: publicKey },
  });
  return {
    origin,
    actorId,
    keyId,
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    actorFetches: () => fetches,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A request signed ahead of time: headers (Host included) and body, for POST <path>. */
export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * `count` Create(Note) activities with distinct ids (ids carry `tag`, so pools made in different runs
 * never collide), each signed with draft-cavage by our signRequest for POST http://<virtualHost>/inbox.
 * Every target receives them with `Host: <virtualHost>`, so one pool serves all the inboxes.
 */
export async function signedCreatePool(actor: RemoteActorServer, count: number, virtualHost: string, tag: string): Promise<SignedRequest[]> {
  const pool: SignedRequest[] = [];
  const key = { keyId: actor.keyId, privateKeyPem: actor.privateKeyPem };
  const published = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const noteId = `${actor.actorId}/notes/${tag}-${i}`;
    const body = JSON.stringify({
      '@context': AS_CONTEXT,
      id: `${noteId}/activity`,
      type: 'Create',
      actor: actor.actorId,
      published,
      to: [PUBLIC],
      cc: [`${actor.actorId}/followers`],
      object: {
        id: noteId,
        type: 'Note',
        attributedTo: actor.actorId,
        content: `<p>Load test note ${i}: a short post, about the size of a typical one on the fediverse.</p>`,
        published,
        to: [PUBLIC],
        cc: [`${actor.actorId}/followers`],
      },
    });
    const headers = await signRequest({ method: 'POST', url: `http://${virtualHost}/inbox`, body, headers: { 'Content-Type': 'application/activity+json' } }, key);
    pool.push({ path: '/inbox', headers, body });
  }
  return pool;
}

export interface SignedLoadResult {
  /** 2xx answers per second over the measured time. */
  acceptedPerSecond: number;
  accepted: number;
  seconds: number;
  /** Status code -> count, for answers other than 2xx; socket errors under "error". */
  refused: Record<string, number>;
  /** True when the pool ran out before the time was up. */
  poolExhausted: boolean;
  /** The first refusal's body, to say why. */
  firstRefusal?: string;
}

/**
 * POSTs requests from `next()` to 127.0.0.1:<port> with `connections` requests in flight (keep-alive),
 * until `seconds` have passed or next() returns undefined. Only 127.0.0.1 is ever addressed.
 */
export async function sendSigned(port: number, next: () => SignedRequest | undefined, options: { connections: number; seconds: number }): Promise<SignedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const refused: Record<string, number> = {};
  let accepted = 0;
  let poolExhausted = false;
  let firstRefusal: string | undefined;
  const started = performance.now();
  const deadline = started + options.seconds * 1_000;
  const one = (signed: SignedRequest) =>
    new Promise<void>((done) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: signed.path, headers: { ...signed.headers, 'Content-Length': String(Buffer.byteLength(signed.body)) }, agent, timeout: 30_000 },
        (res) => {
          const status = res.statusCode ?? 0;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (status >= 200 && status < 300) accepted++;
            else {
              refused[status] = (refused[status] ?? 0) + 1;
              firstRefusal ??= `${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`;
            }
            done();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        refused.error = (refused.error ?? 0) + 1;
        firstRefusal ??= `error ${error.message}`;
        done();
      });
      req.end(signed.body);
    });
  const worker = async () => {
    while (performance.now() < deadline) {
      const signed = next();
      if (!signed) {
        poolExhausted = true;
        return;
      }
      await one(signed);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1_000;
  agent.destroy();
  return { acceptedPerSecond: accepted / seconds, accepted, seconds, refused, poolExhausted, ...(firstRefusal ? { firstRefusal } : {}) };
}
