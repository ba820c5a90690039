import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type CoreTestInstance } from '../../core/src/testing/index.js';
import { addPost, threadsPlugin, THREADS_GROUP_PREFIX } from '../core/federation/fixtures/threads-plugin.js';
import { loadFedify1, loadFedify2, startFedifyPeer, type FedifyLibrary, type FedifyPeer } from './fedify-peer.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const versions: Array<[string, () => Promise<FedifyLibrary>]> = [
  ['Fedify 1.5.9', loadFedify1],
  ['Fedify 2.3.6', loadFedify2],
];

/**
 * What a Fedify-based server does with a post of ours: look it up, take its `replies` collection and
 * walk it page by page with Fedify's own vocabulary API, fetching each reply; and the same from a
 * Group actor whose replies a plugin gives (a community's top-level posts). Our instance runs in
 * authorized-fetch mode with two replies to a page, so every request is signed by the peer's actor
 * and the walk crosses pages; the peer also sees the reply addressed to it alone.
 */
describe.each(versions)('a %s peer reads the replies of our post', (_name, load) => {
  let instance: CoreTestInstance;
  let peer: FedifyPeer;
  let publicUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    instance = await createTestInstance({
      name: 'Replies instance',
      plugins: [threadsPlugin],
      settings: { publicUrl, port, federation: { allowPrivateAddresses: true, authorizedFetch: true, collectionPageSize: 2 } },
    });
    await instance.running.listen();
    peer = await startFedifyPeer(await load());
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const minutes = () => {
    let minute = 0;
    return () => new Date(Date.parse('2025-06-01T12:00:00Z') + ++minute * 60_000);
  };

  /** Looks the post up and takes its `replies`, every request signed by the peer's actor (as Mastodon fetches from a server in authorized-fetch mode). */
  async function repliesOf(uri: string) {
    const { Note } = peer.library;
    const ctx = peer.context();
    const documentLoader = await ctx.getDocumentLoader({ identifier: peer.username });
    const note = await ctx.lookupObject(uri, { documentLoader });
    expect(note).toBeInstanceOf(Note);
    const replies = await (note as InstanceType<typeof Note>).getReplies({ documentLoader });
    expect(replies?.id?.href).toBe(`${uri}/replies`);
    return { replies: replies!, documentLoader };
  }

  it('walks `replies` from the Note page by page and gets the reply ids it may see, in order', async () => {
    const services = instance.services;
    const alice = `${publicUrl}/actors/alice`;
    const at = minutes();
    const root = await addPost(services, { authorUri: alice, content: 'Seed swap on Saturday?', at: at() });
    const expected = [
      await addPost(services, { authorUri: alice, content: 'I will bring beans', inReplyTo: root, at: at() }),
      await addPost(services, { authorUri: alice, content: 'And squash', inReplyTo: root, audience: 'unlisted', at: at() }),
    ];
    await addPost(services, { authorUri: alice, content: 'Followers only', inReplyTo: root, audience: 'followers', at: at() });
    expected.push(await addPost(services, { authorUri: alice, content: 'Bob, can you come?', inReplyTo: root, audience: 'direct', directTo: peer.actorId, at: at() }));
    expected.push(await addPost(services, { authorUri: alice, content: 'Noon works', inReplyTo: root, at: at() }));
    await addPost(services, { authorUri: alice, content: 'A nested answer', inReplyTo: expected[0], at: at() });

    const { replies, documentLoader } = await repliesOf(root.uri);
    // The public and unlisted replies, and the one addressed to the peer's actor, which signed the fetches.
    expect(replies.totalItems).toBe(4);
    const pages: string[][] = [];
    let page = await replies.getFirst({ documentLoader });
    while (page) {
      pages.push(page.itemIds.map((id) => id.href));
      page = await page.getNext({ documentLoader });
    }
    expect(pages).toEqual([
      [expected[0]!.uri, expected[1]!.uri],
      [expected[2]!.uri, expected[3]!.uri],
    ]);
  });

  it('traverses the collection with traverseCollection, fetching each reply as a Note', async () => {
    const services = instance.services;
    const alice = `${publicUrl}/actors/alice`;
    const at = minutes();
    const root = await addPost(services, { authorUri: alice, content: 'Compost rota', at: at() });
    const words = ['Monday', 'Tuesday', 'Wednesday'];
    const expected = [];
    for (const word of words) expected.push(await addPost(services, { authorUri: alice, content: word, inReplyTo: root, at: at() }));

    const { replies, documentLoader } = await repliesOf(root.uri);
    const seen: Array<{ id: string; content: string }> = [];
    for await (const item of peer.library.traverseCollection(replies, { documentLoader })) {
      expect(item).toBeInstanceOf(peer.library.Note);
      const reply = item as InstanceType<FedifyLibrary['Note']>;
      expect(reply.replyTargetId?.href).toBe(root.uri);
      seen.push({ id: reply.id!.href, content: String(reply.content) });
    }
    expect(seen).toEqual(expected.map((post, index) => ({ id: post.uri, content: `<p>${words[index]}</p>` })));
  });

  it('walks the `replies` of a plugin’s Group actor, from the Group’s document', async () => {
    const services = instance.services;
    const { Group } = peer.library;
    const alice = `${publicUrl}/actors/alice`;
    const at = minutes();
    const group = await services.actors.createLocal({ type: 'Group', username: `${THREADS_GROUP_PREFIX}allotment` });
    const expected = [];
    for (const word of ['Water rota', 'Shed key', 'Seed order']) expected.push(await addPost(services, { authorUri: alice, content: word, toActor: group, at: at() }));
    await addPost(services, { authorUri: alice, content: 'Followers only', toActor: group, audience: 'followers', at: at() });

    const ctx = peer.context();
    const documentLoader = await ctx.getDocumentLoader({ identifier: peer.username });
    const actor = await ctx.lookupObject(group.uri, { documentLoader });
    expect(actor).toBeInstanceOf(Group);
    const replies = await (actor as InstanceType<typeof Group>).getReplies({ documentLoader });
    expect(replies?.id?.href).toBe(`${group.uri}/replies`);
    expect(replies?.totalItems).toBe(3);
    const seen: string[] = [];
    for await (const item of peer.library.traverseCollection(replies!, { documentLoader })) {
      expect(item).toBeInstanceOf(peer.library.Note);
      expect((item as InstanceType<FedifyLibrary['Note']>).replyTargetId?.href).toBe(group.uri);
      seen.push(item.id!.href);
    }
    expect(seen).toEqual(expected.map((post) => post.uri));
  });
});
