import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@commonplace/sdk';
import type { DeliverSignedOptions, RemoteActor, RemoteActorOptions, TestInstance } from '@commonplace/sdk/testing';
import type { LightMyRequestResponse } from 'fastify';
import { signRequest, signRequestRfc9421 } from '../federation/signatures/index.js';
import type { RunningInstance } from '../kernel/boot.js';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const SECURITY_CONTEXT = 'https://w3id.org/security/v1';

/**
 * A fediverse actor on a server of its own: a node:http server on 127.0.0.1 serving its actor document
 * (with its public key, as the instance fetches it to check a signature) and whatever else a test puts
 * there. The server is unref'd, so a test that forgets `close()` does not keep the process alive.
 */
export async function createRemoteActor(options: RemoteActorOptions = {}): Promise<RemoteActor> {
  const documents = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const body = documents.get(new URL(request.url ?? '/', 'http://remote.test').pathname);
    if (body === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else response.writeHead(200, { 'content-type': 'application/activity+json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = `http://${host}`;
  const username = options.username ?? 'remote';
  const id = `${origin}/users/${encodeURIComponent(username)}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const keyId = `${id}#main-key`;
  const document: Record<string, unknown> = {
    '@context': [AS_CONTEXT, SECURITY_CONTEXT],
    id,
    type: options.type ?? 'Person',
    preferredUsername: username,
    name: options.name ?? `${username} elsewhere`,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    ...options.document,
    publicKey: { id: keyId, owner: id, publicKeyPem: publicKey },
  };
  const serve = (path: string, body: unknown) => {
    // Kept by the path as a request spells it (percent-encoded), so `/users/rémi` is found.
    const url = new URL(path, origin);
    documents.set(url.pathname, typeof body === 'string' ? body : JSON.stringify(body));
    return url.href;
  };
  serve(new URL(id).pathname, document);
  return {
    id,
    keyId,
    username,
    handle: `@${username}@${host}`,
    origin,
    document,
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    newId: (kind = 'activities') => `${origin}/${kind}/${randomUUID()}`,
    serve,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The default sender of each instance, made on its first delivery. */
const defaultSenders = new WeakMap<object, Promise<RemoteActor>>();

/**
 * Delivers an activity to the instance's inbox as a remote server would: signed with the sender's key
 * (draft-cavage by default, as Mastodon signs; RFC 9421 when asked), POSTed to the shared inbox or to a
 * local actor's. The instance checks the signature for real, fetching the sender's document from its
 * server, so the instance must allow private addresses (it refuses 127.0.0.1 otherwise).
 */
export async function deliverSigned(
  instance: TestInstance,
  activity: Record<string, unknown>,
  options: DeliverSignedOptions = {},
): Promise<LightMyRequestResponse> {
  const running = (instance as { running?: RunningInstance }).running;
  if (running && !running.settings.federation.allowPrivateAddresses) {
    throw new Error(
      'deliverSigned: the instance must be able to fetch the sender\'s actor document from 127.0.0.1; ' +
        'create it with createTestInstance({ settings: { federation: { allowPrivateAddresses: true } } })',
    );
  }
  let sender = options.from;
  if (!sender) {
    let made = defaultSenders.get(instance);
    if (!made) defaultSenders.set(instance, (made = createRemoteActor()));
    sender = await made;
  }
  const body = JSON.stringify({
    '@context': AS_CONTEXT,
    id: sender.newId(),
    actor: sender.id,
    ...activity,
  });
  const path = options.to ? `/actors/${encodeURIComponent(options.to)}/inbox` : '/inbox';
  const publicUrl = running?.publicUrl ?? 'http://localhost.test';
  const clock: Clock | undefined = options.clock ?? (instance.services as { clock?: Clock } | undefined)?.clock;
  const sign = options.signature === 'rfc9421' ? signRequestRfc9421 : signRequest;
  const headers = await sign(
    { method: 'POST', url: `${publicUrl}${path}`, headers: { 'Content-Type': 'application/activity+json' }, body },
    { keyId: sender.keyId, privateKeyPem: sender.privateKeyPem, ...(clock ? { clock } : {}) },
  );
  return instance.inject({ method: 'POST', url: path, headers, payload: body });
}
