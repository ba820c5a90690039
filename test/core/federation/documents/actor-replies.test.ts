import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorRecord, Services } from '@commonplace/sdk/internal';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AP, BROWSER, bootThreads, pathOf, signedGet, timeline } from './replies-helpers.js';
import { remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from '../inbox/helpers.js';
import { addPost, deletePost, THREADS_GROUP_PREFIX } from '../fixtures/threads-plugin.js';

/**
 * A plugin's Group actors (a community, say) have no document of the plugin's own: core renders them.
 * Through `actorReplies` the plugin gives them a `replies` collection that core serves at
 * `<actor id>/replies` by the rules of an object's: pages, the fetcher's view, authorized fetch, 404, 410.
 */
describe('replies of a Group actor, from a plugin, served by core', () => {
  let instance: CoreTestInstance;
  let services: Services;
  let publicUrl: string;
  let remote: RemoteServer;
  let ann: RemoteActor;
  let bea: RemoteActor;
  const at = timeline();
  let groups = 0;

  beforeAll(async () => {
    ({ instance, services, publicUrl } = await bootThreads());
    remote = await startRemoteServer();
    ann = remoteActor(remote, 'ann');
    bea = remoteActor(remote, 'bea');
  });
  afterAll(async () => {
    await remote?.close();
    await instance?.close();
  });

  const get = (url: string, accept = AP) => instance.inject({ method: 'GET', url: pathOf(publicUrl, url), headers: { accept } });
  const newGroup = (prefix = THREADS_GROUP_PREFIX): Promise<ActorRecord> => services.actors.createLocal({ type: 'Group', username: `${prefix}garden${++groups}` });

  it('names `<actor id>/replies` in the Group’s document and pages through the posts answering it, oldest first', async () => {
    const group = await newGroup();
    const replies = [];
    for (const word of ['beans', 'squash', 'maize', 'kale', 'leeks']) replies.push(await addPost(services, { authorUri: ann.id, content: word, toActor: group, at: at() }));
    // An answer to one of those is in that post's collection, not the Group's.
    const nested = await addPost(services, { authorUri: bea.id, content: 'why kale?', inReplyTo: replies[3], at: at() });
    const collectionId = `${group.uri}/replies`;

    const document = await get(group.uri);
    expect(document.statusCode).toBe(200);
    // Only the URL: the actor document is the same for every fetcher.
    expect(document.json()).toMatchObject({ id: group.uri, type: 'Group', replies: collectionId });
    expect(document.headers.vary).toBe('Accept');

    const collection = await get(collectionId);
    expect(collection.statusCode).toBe(200);
    expect(collection.headers['content-type']).toBe('application/activity+json; charset=utf-8');
    expect(collection.json()).toEqual({ '@context': 'https://www.w3.org/ns/activitystreams', id: collectionId, type: 'OrderedCollection', totalItems: 5, first: `${collectionId}?page=true` });

    const pages = [];
    let next: string | undefined = collection.json().first;
    while (next) {
      const page = (await get(next)).json();
      expect(page).toMatchObject({ type: 'OrderedCollectionPage', partOf: collectionId, totalItems: 5 });
      pages.push(page);
      next = page.next;
    }
    expect(pages.map((page) => page.orderedItems)).toEqual([
      [replies[0]!.uri, replies[1]!.uri],
      [replies[2]!.uri, replies[3]!.uri],
      [replies[4]!.uri],
    ]);
    const back = (await get(pages[2].prev)).json();
    expect(back.orderedItems).toEqual([replies[2]!.uri, replies[3]!.uri]);
    expect((await get(`${replies[3]!.uri}/replies?page=true`)).json().orderedItems).toEqual([nested.uri]);
  });

  it('shows anonymous fetchers public and unlisted replies, a signer also those addressed to it, never deleted ones', async () => {
    const group = await newGroup();
    const open = await addPost(services, { authorUri: ann.id, content: 'open', toActor: group, at: at() });
    const unlisted = await addPost(services, { authorUri: ann.id, content: 'unlisted', toActor: group, audience: 'unlisted', at: at() });
    await addPost(services, { authorUri: ann.id, content: 'followers', toActor: group, audience: 'followers', at: at() });
    const toBea = await addPost(services, { authorUri: ann.id, content: 'for Bea', toActor: group, audience: 'direct', directTo: bea.id, at: at() });
    await deletePost(services, await addPost(services, { authorUri: ann.id, content: 'oops', toActor: group, at: at() }));
    const collectionId = `${group.uri}/replies`;

    const anonymous = await get(`${collectionId}?page=true`);
    expect(anonymous.json()).toMatchObject({ totalItems: 2, orderedItems: [open.uri, unlisted.uri] });
    expect(anonymous.json().next).toBeUndefined();
    expect(anonymous.headers.vary).toMatch(/Signature/);

    const asBea = await signedGet(instance, publicUrl, `${collectionId}?page=true`, bea);
    expect(asBea.json()).toMatchObject({ totalItems: 3, orderedItems: [open.uri, unlisted.uri] });
    expect((await signedGet(instance, publicUrl, asBea.json().next, bea)).json().orderedItems).toEqual([toBea.uri]);
    expect((await signedGet(instance, publicUrl, collectionId, ann)).json().totalItems).toBe(2);
  });

  it('gives no `replies` to actors no plugin claims: a Person, a Group of no plugin (404)', async () => {
    const person = (await instance.signUp('alice')).actorId;
    const alice = await services.actors.byId(person);
    const other = await newGroup('plain_');
    for (const actor of [alice!, other]) {
      const document = await get(actor.uri);
      expect(document.statusCode, actor.username).toBe(200);
      expect(document.json().replies, actor.username).toBeUndefined();
      expect((await get(`${actor.uri}/replies`)).statusCode, actor.username).toBe(404);
    }
    expect((await get(`${publicUrl}/actors/nobody_here/replies`)).statusCode).toBe(404);
  });

  it('answers 410 with the Tombstone for a deleted Group, sends browsers to its profile and refuses other types (406)', async () => {
    const group = await newGroup();
    await addPost(services, { authorUri: ann.id, content: 'before', toActor: group, at: at() });
    const browser = await get(`${group.uri}/replies?page=true`, BROWSER);
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe(`${publicUrl}/@${group.username}`);
    expect((await get(`${group.uri}/replies`, 'image/png')).statusCode).toBe(406);

    await services.actors.deleteLocal(group.id);
    const gone = await get(`${group.uri}/replies?page=true`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ id: group.uri, type: 'Tombstone' });
  });
});

describe('a Group’s replies in authorized-fetch mode', () => {
  let instance: CoreTestInstance;
  let services: Services;
  let publicUrl: string;
  let remote: RemoteServer;
  let ann: RemoteActor;

  beforeAll(async () => {
    ({ instance, services, publicUrl } = await bootThreads({ authorizedFetch: true }));
    remote = await startRemoteServer();
    ann = remoteActor(remote, 'ann');
  });
  afterAll(async () => {
    await remote?.close();
    await instance?.close();
  });

  it('refuses unsigned GETs of the collection and its pages with 401 and serves signed ones', async () => {
    const group = await services.actors.createLocal({ type: 'Group', username: `${THREADS_GROUP_PREFIX}secure` });
    const reply = await addPost(services, { authorUri: ann.id, content: 'secure reply', toActor: group, at: new Date('2025-06-01T12:00:00Z') });
    const collectionId = `${group.uri}/replies`;
    for (const url of [collectionId, `${collectionId}?page=true`]) {
      const unsigned = await instance.inject({ method: 'GET', url: pathOf(publicUrl, url), headers: { accept: AP } });
      expect(unsigned.statusCode, url).toBe(401);
      expect(unsigned.body).not.toContain(reply.uri);
    }
    const signed = await signedGet(instance, publicUrl, `${collectionId}?page=true`, ann);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ type: 'OrderedCollectionPage', totalItems: 1, orderedItems: [reply.uri] });
  });
});
