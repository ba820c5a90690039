import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../core/src/testing/index.js';
import { loadFedify1, loadFedify2, startFedifyPeer, type FedifyLibrary, type FedifyPeer } from './fedify-peer.js';

/** A port free on 127.0.0.1 right now, so the instance can be booted with its public URL. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * Fedify always asks `https://<host>/.well-known/webfinger` for an `acct:` URI; our test instance
 * speaks plain http on 127.0.0.1. For the acct: lookup only, send those requests to http instead.
 */
async function withHttpWebFinger<T>(host: string, run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(`https://${host}/.well-known/webfinger`)) {
      return original(url.replace(/^https:/, 'http:'), input instanceof Request ? new Request(input, init) : init);
    }
    return original(input, init);
  }) as typeof fetch;
  try {
    return await run();
  } finally {
    globalThis.fetch = original;
  }
}

interface LegacyWebFinger {
  lookupWebFinger(resource: string, options: { allowPrivateAddress: boolean }): Promise<{ links?: Array<{ rel: string }> } | null>;
}

/** Each version, its loader, and the signature spec it remembers for our origin after a delivery. */
const versions: Array<[string, () => Promise<FedifyLibrary>, string | undefined]> = [
  ['Fedify 1.5.9', loadFedify1, undefined],
  ['Fedify 2.3.6', loadFedify2, 'rfc9421'],
];

describe.each(versions)('interop with a %s peer', (_name, load, rememberedSpec) => {
  let instance: CoreTestInstance;
  let peer: FedifyPeer;
  let alice: TestUser;
  let publicUrl: string;
  let host: string;
  let aliceUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    publicUrl = `http://${host}`;
    instance = await createTestInstance({
      name: 'Interop instance',
      settings: { publicUrl, port, federation: { allowPrivateAddresses: true } },
    });
    await instance.running.listen();
    peer = await startFedifyPeer(await load());
    alice = await instance.signUp('alice');
    aliceUrl = `${publicUrl}/actors/alice`;
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const drain = () => instance.drainJobs();

  it('looks our user up by URL and by WebFinger and gets a Person with its inbox and key', async () => {
    const { Person } = peer.library;
    const ctx = peer.context();
    const byUrl = await ctx.lookupObject(aliceUrl);
    expect(byUrl).toBeInstanceOf(Person);
    const person = byUrl as InstanceType<typeof Person>;
    expect(person.id?.href).toBe(aliceUrl);
    expect(person.preferredUsername).toBe('alice');
    expect(person.inboxId?.href).toBe(`${aliceUrl}/inbox`);
    const key = await person.getPublicKey();
    expect(key?.id?.href).toBe(`${aliceUrl}#main-key`);
    expect(key?.ownerId?.href).toBe(aliceUrl);
    expect(key?.publicKey?.algorithm.name).toBe('RSASSA-PKCS1-v1_5');

    const byHandle = await withHttpWebFinger(host, () => ctx.lookupObject(`acct:alice@${host}`));
    expect(byHandle).toBeInstanceOf(Person);
    expect(byHandle?.id?.href).toBe(aliceUrl);

    // 2.x looks WebFinger up from the context; 1.5.9 only has the module's function.
    const finger =
      typeof ctx.lookupWebFinger === 'function'
        ? await ctx.lookupWebFinger(aliceUrl)
        : await (peer.library as unknown as LegacyWebFinger).lookupWebFinger(aliceUrl, { allowPrivateAddress: true });
    expect(finger?.links?.find((link) => link.rel === 'self')).toMatchObject({ type: 'application/activity+json', href: aliceUrl });
  });

  it('lets the peer follow our user and sends it an Accept it can verify', async () => {
    const { Follow, Accept } = peer.library;
    const ctx = peer.context();
    const aliceActor = await ctx.lookupObject(aliceUrl);
    if (aliceActor == null || !('inboxId' in aliceActor)) throw new Error('alice not found');
    const followId = `${peer.actorId}#follows/alice`;
    await ctx.sendActivity(
      { identifier: peer.username },
      aliceActor as never,
      new Follow({ id: new URL(followId), actor: new URL(peer.actorId), object: new URL(aliceUrl) }),
    );
    const accept = await peer.waitFor((activity) => activity.type === 'Accept' && activity.actorId === aliceUrl, { poll: drain });
    expect(accept.activity).toBeInstanceOf(Accept);
    expect(accept.objectId).toBe(followId);
    expect(accept.json.object).toMatchObject({ id: followId, type: 'Follow', actor: peer.actorId, object: aliceUrl });

    // 2.x signed with RFC 9421 first and our inbox took it, so it remembers RFC 9421 for us (a 401
    // would have made it fall back to draft-cavage and remember that); 1.5.9 signs draft-cavage only.
    expect(await peer.kv.get(['_fedify', 'httpMessageSignaturesSpec', publicUrl])).toBe(rememberedSpec);
    const followers = await instance.graphql<{ followers: { nodes: Array<{ uri: string }> } }>(
      `{ followers { nodes { uri } } }`, {}, { as: alice },
    );
    expect(followers.data?.followers.nodes.map((node) => node.uri)).toContain(peer.actorId);
  });

  it('follows the peer’s actor from GraphQL and is accepted when the peer answers', async () => {
    const result = await instance.graphql<{ follow: { state: string } }>(
      `mutation($target: String!) { follow(target: $target) { state } }`, { target: peer.actorId }, { as: alice },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.follow.state).toBe('PENDING');
    const follow = await peer.waitFor((activity) => activity.type === 'Follow' && activity.actorId === aliceUrl, { poll: drain });
    expect(follow.objectId).toBe(peer.actorId);

    const deadline = Date.now() + 5_000;
    let uris: string[] = [];
    while (Date.now() < deadline) {
      await drain();
      const following = await instance.graphql<{ following: { nodes: Array<{ uri: string }> } }>(
        `{ following { nodes { uri } } }`, {}, { as: alice },
      );
      uris = following.data?.following.nodes.map((node) => node.uri) ?? [];
      if (uris.includes(peer.actorId)) break;
      await new Promise((done) => setTimeout(done, 25));
    }
    expect(uris).toContain(peer.actorId);
  });

  it('delivers what our user publishes to the peer, signed so the peer verifies it', async () => {
    const noteId = `${aliceUrl}/notes/${Date.now()}`;
    const db = instance.services.db;
    await db.transaction().execute(async (tx) => {
      await instance.services.federation!.publish(
        {
          type: 'Create',
          object: { id: noteId, type: 'Note', attributedTo: aliceUrl, content: '<p>Hello, Fedify</p>', to: ['https://www.w3.org/ns/activitystreams#Public'] },
        },
        { kind: 'public' },
        { tx, actorId: alice.actorId },
      );
    });
    const create = await peer.waitFor((activity) => activity.type === 'Create' && activity.objectId === noteId, { poll: drain });
    expect(create.actorId).toBe(aliceUrl);
    const note = await (create.activity as InstanceType<FedifyLibrary['Create']>).getObject();
    expect(note).toBeInstanceOf(peer.library.Note);
    expect(note?.content?.toString()).toBe('<p>Hello, Fedify</p>');
  });

  it('refuses a request the peer signed when its body was changed afterwards', async () => {
    const { signRequest } = peer.library;
    const { keyId, privateKey } = await peer.rsaKey();
    const body = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${peer.actorId}#likes/1`,
      type: 'Like',
      actor: peer.actorId,
      object: `${aliceUrl}/notes/1`,
    });
    const signed = await signRequest(
      new Request(`${aliceUrl}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body }),
      privateKey,
      keyId,
    );
    const tampered = body.replace('"Like"', '"Announce"');
    const send = (payload: string) =>
      fetch(signed.url, { method: 'POST', headers: signed.headers, body: payload, signal: AbortSignal.timeout(5_000) });
    const refused = await send(tampered);
    expect(refused.status).toBe(401);
    // The untouched body, signed the same way, passes the same checks.
    const untouched = await send(body);
    expect(untouched.status).toBe(202);
  });
});
