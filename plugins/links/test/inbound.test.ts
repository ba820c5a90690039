import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_PUBLIC } from '@commonplace/sdk';
import { createRemoteActor, createTestInstance, deliverSigned, type RemoteActor, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { randomUUID } from 'node:crypto';
import { linksPlugin } from '../src/index.js';
import type { LinksServices } from '../src/services.js';
import { LINK, ok, SAVE_LINK, type LinkFields } from './support/graphql.js';

/** Activities from a fake remote server, signed and delivered to the inbox as a peer would. */
describe('links from other servers', () => {
  let instance: TestInstance;
  let alice: TestUser;
  let link: LinkFields;
  let remi: RemoteActor;
  let zoe: RemoteActor;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [linksPlugin], settings: { federation: { allowPrivateAddresses: true } } });
    alice = await instance.signUp('alice');
    ({ saveLink: link } = await ok<{ saveLink: LinkFields }>(instance, SAVE_LINK, { input: { url: 'https://example.org/garden', title: 'Community gardens' } }, alice));
    remi = await createRemoteActor({ username: 'remi' });
    zoe = await createRemoteActor({ username: 'zoe' });
  });
  afterAll(async () => {
    await remi?.close();
    await zoe?.close();
    await instance?.close();
  });

  const likeCount = async () => (await ok<{ link: LinkFields }>(instance, LINK, { id: link.id })).link.likeCount;

  it('counts a remote Like of a link once per actor, and forgets it on Undo', async () => {
    const like = { id: remi.newId('likes'), type: 'Like', object: link.uri };
    expect((await deliverSigned(instance, like, { from: remi })).statusCode).toBe(202);
    expect((await deliverSigned(instance, { type: 'Like', object: link.uri }, { from: remi })).statusCode).toBe(202);
    expect((await deliverSigned(instance, { type: 'Like', object: link.uri }, { from: zoe })).statusCode).toBe(202);
    expect(await likeCount()).toBe(2);

    expect((await deliverSigned(instance, { type: 'Undo', object: like }, { from: remi })).statusCode).toBe(202);
    expect(await likeCount()).toBe(1);
  });

  it('ignores a Like of something that is not one of its links', async () => {
    const response = await deliverSigned(instance, { type: 'Like', object: zoe.newId('notes') }, { from: remi });
    expect(response.statusCode).toBe(202);
    expect(await likeCount()).toBe(1);
  });

  it('does not keep a Page from someone nobody here follows', async () => {
    const page = {
      id: remi.newId('pages'),
      type: 'Page',
      attributedTo: remi.id,
      name: 'Seed library',
      url: 'https://example.net/seeds',
      source: { content: 'Free seeds.', mediaType: 'text/plain' },
      to: [AS_PUBLIC],
    };
    expect((await deliverSigned(instance, { type: 'Create', object: page, to: page.to }, { from: remi })).statusCode).toBe(202);
    const { remoteLinks } = await ok<{ remoteLinks: { nodes: unknown[] } }>(instance, '{ remoteLinks { nodes { uri } } }');
    expect(remoteLinks.nodes).toEqual([]);
  });

  it('refuses a Create of a Page whose id is on another server than its sender', async () => {
    const page = { id: zoe.newId('pages'), type: 'Page', attributedTo: remi.id, name: 'Forged', url: 'https://example.net/' };
    expect((await deliverSigned(instance, { type: 'Create', object: page }, { from: remi })).statusCode).toBe(400);
  });

  it('keeps a copy when an Update narrowing it comes from someone other than its author', async () => {
    // A copy of a Page by another person of remi's server (the harness gives each fake actor a server of its own).
    const uri = remi.newId('pages');
    const { db } = instance.viewOf<LinksServices>('links');
    await db
      .insertInto('links_remote_pages')
      .values({ id: randomUUID(), uri, attributed_to: `${new URL(remi.id).origin}/users/someone-else`, url: 'https://example.net/kept', title: 'Kept', note: '', published_at: null, received_at: new Date() })
      .execute();
    const narrowed = { id: uri, type: 'Page', attributedTo: remi.id, name: 'Kept', url: 'https://example.net/kept', to: [remi.id] };
    expect((await deliverSigned(instance, { type: 'Update', object: narrowed, to: narrowed.to }, { from: remi })).statusCode).toBe(202);
    expect(await db.selectFrom('links_remote_pages').select('uri').where('uri', '=', uri).executeTakeFirst()).toEqual({ uri });
  });
});
