import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '@commonplace/sdk/internal';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AP, BROWSER, bootThreads, pathOf, signedGet, timeline } from './replies-helpers.js';
import { activityId, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from '../inbox/helpers.js';
import { addPost, deletePost, THREADS_POST_PATH } from '../fixtures/threads-plugin.js';

describe('replies of a plugin object, served by core', () => {
  let instance: CoreTestInstance;
  let services: Services;
  let publicUrl: string;
  let remote: RemoteServer;
  let ann: RemoteActor;
  let bea: RemoteActor;
  const at = timeline();

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

  it('names the collection in the object and pages through it, oldest first, with next, prev and partOf', async () => {
    const author = `${publicUrl}/actors/alice`;
    const root = await addPost(services, { authorUri: author, content: 'Shall we plant beans?', at: at() });
    const replies = [];
    for (const word of ['yes', 'no', 'maybe', 'later', 'now']) replies.push(await addPost(services, { authorUri: author, content: word, inReplyTo: root, at: at() }));
    // A reply to a reply is in its parent's collection, not the root's.
    const nested = await addPost(services, { authorUri: author, content: 'why not?', inReplyTo: replies[1], at: at() });
    const collectionId = `${root.uri}/replies`;

    const object = await get(root.uri);
    expect(object.statusCode).toBe(200);
    expect(object.json().replies).toEqual({ id: collectionId, type: 'OrderedCollection', totalItems: 5, first: `${collectionId}?page=true` });

    const collection = await get(collectionId);
    expect(collection.statusCode).toBe(200);
    expect(collection.headers['content-type']).toBe('application/activity+json; charset=utf-8');
    expect(collection.json()).toMatchObject({ '@context': 'https://www.w3.org/ns/activitystreams', id: collectionId, type: 'OrderedCollection', totalItems: 5, first: `${collectionId}?page=true` });

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
    expect(pages[0].prev).toBeUndefined();
    expect(pages[1].prev).toBeDefined();
    // Back from the last page comes the middle one again, and from there the first.
    const back = (await get(pages[2].prev)).json();
    expect(back.orderedItems).toEqual([replies[2]!.uri, replies[3]!.uri]);
    expect(back.next).toBeDefined();
    const start = (await get(back.prev)).json();
    expect(start.orderedItems).toEqual([replies[0]!.uri, replies[1]!.uri]);
    expect(start.prev).toBeUndefined();

    const nestedCollection = (await get(`${replies[1]!.uri}/replies?page=true`)).json();
    expect(nestedCollection.orderedItems).toEqual([nested.uri]);
    // A reply without replies still names its (empty) collection.
    expect((await get(nested.uri)).json().replies).toMatchObject({ totalItems: 0 });
  });

  it('reads a cursor it never gave out as the first page', async () => {
    const root = await addPost(services, { authorUri: ann.id, content: 'cursor test', at: at() });
    const only = await addPost(services, { authorUri: ann.id, content: 'the one reply', inReplyTo: root, at: at() });
    const page = await get(`${root.uri}/replies?cursor=not-a-cursor`);
    expect(page.statusCode).toBe(200);
    expect(page.json().orderedItems).toEqual([only.uri]);
  });

  it('shows anonymous fetchers public and unlisted replies only, and a signer what is addressed to it too', async () => {
    const root = await addPost(services, { authorUri: `${publicUrl}/actors/alice`, content: 'Who is coming?', at: at() });
    const publicReply = await addPost(services, { authorUri: ann.id, content: 'me', inReplyTo: root, at: at() });
    const unlisted = await addPost(services, { authorUri: ann.id, content: 'me too', inReplyTo: root, audience: 'unlisted', at: at() });
    await addPost(services, { authorUri: ann.id, content: 'followers only', inReplyTo: root, audience: 'followers', at: at() });
    const toAnn = await addPost(services, { authorUri: `${publicUrl}/actors/alice`, content: 'for Ann', inReplyTo: root, audience: 'direct', directTo: ann.id, at: at() });
    const deleted = await addPost(services, { authorUri: ann.id, content: 'oops', inReplyTo: root, at: at() });
    await deletePost(services, deleted);
    const collectionId = `${root.uri}/replies`;

    const anonymous = await get(`${collectionId}?page=true`);
    expect(anonymous.json()).toMatchObject({ totalItems: 2, orderedItems: [publicReply.uri, unlisted.uri] });
    expect(anonymous.headers.vary).toMatch(/Signature/);
    expect((await get(root.uri)).json().replies.totalItems).toBe(2);

    const asAnn = await signedGet(instance, publicUrl, `${collectionId}?page=true`, ann);
    expect(asAnn.statusCode).toBe(200);
    expect(asAnn.json().orderedItems).toEqual([publicReply.uri, unlisted.uri]);
    const annSecondPage = await signedGet(instance, publicUrl, asAnn.json().next, ann);
    expect(annSecondPage.json()).toMatchObject({ totalItems: 3, orderedItems: [toAnn.uri] });
    expect((await signedGet(instance, publicUrl, root.uri, ann)).json().replies.totalItems).toBe(3);

    const asBea = await signedGet(instance, publicUrl, collectionId, bea);
    expect(asBea.json().totalItems).toBe(2);
  });

  it('tells load who signed the GET: a direct object is served to its addressee only, 404 to anyone else', async () => {
    const toAnn = await addPost(services, { authorUri: `${publicUrl}/actors/alice`, content: 'for Ann only', audience: 'direct', directTo: ann.id, at: at() });
    const asAnn = await signedGet(instance, publicUrl, toAnn.uri, ann);
    expect(asAnn.statusCode).toBe(200);
    expect(asAnn.json()).toMatchObject({ id: toAnn.uri, content: '<p>for Ann only</p>', to: [ann.id] });
    expect(asAnn.headers.vary).toMatch(/Signature/);

    const asBea = await signedGet(instance, publicUrl, toAnn.uri, bea);
    expect(asBea.statusCode).toBe(404);
    expect(asBea.headers.vary).toMatch(/Signature/);
    expect((await get(toAnn.uri)).statusCode).toBe(404);
    // A browser gets the public view, whoever it is.
    expect((await get(toAnn.uri, BROWSER)).statusCode).toBe(404);
    // Its replies collection follows the object's visibility.
    expect((await signedGet(instance, publicUrl, `${toAnn.uri}/replies`, ann)).statusCode).toBe(200);
    expect((await signedGet(instance, publicUrl, `${toAnn.uri}/replies`, bea)).statusCode).toBe(404);
  });

  it("serves a local actor's followers-only post, and followers-only replies to it, to a signer that follows the actor only", async () => {
    const carla = await instance.signUp('carla');
    const carlaUri = `${publicUrl}/actors/carla`;
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: activityId(ann), type: 'Follow', actor: ann.id, object: carlaUri };
    expect((await postActivity(instance, ann, follow, '/actors/carla/inbox')).statusCode).toBe(202);
    const forFollowers = await addPost(services, { authorUri: carlaUri, authorId: carla.actorId, content: 'for my followers', audience: 'followers', at: at() });
    const publicReply = await addPost(services, { authorUri: ann.id, content: 'nice', inReplyTo: forFollowers, at: at() });
    const followersReply = await addPost(services, { authorUri: carlaUri, authorId: carla.actorId, content: 'thanks, followers', inReplyTo: forFollowers, audience: 'followers', at: at() });

    const asAnn = await signedGet(instance, publicUrl, forFollowers.uri, ann);
    expect(asAnn.statusCode).toBe(200);
    expect(asAnn.json()).toMatchObject({ id: forFollowers.uri, to: [`${carlaUri}/followers`], replies: { totalItems: 2 } });
    const annReplies = await signedGet(instance, publicUrl, `${forFollowers.uri}/replies?page=true`, ann);
    expect(annReplies.json()).toMatchObject({ totalItems: 2, orderedItems: [publicReply.uri, followersReply.uri] });

    // Bea follows nobody here, and an anonymous fetch is nobody's follower.
    expect((await signedGet(instance, publicUrl, forFollowers.uri, bea)).statusCode).toBe(404);
    expect((await get(forFollowers.uri)).statusCode).toBe(404);
    expect((await signedGet(instance, publicUrl, followersReply.uri, bea)).statusCode).toBe(404);

    // A follow still waiting for approval counts as none.
    const follows = () => (instance.running.database.db as any).updateTable('core_follows').where('followed_id', '=', carla.actorId);
    await follows().set({ state: 'pending' }).execute();
    expect((await signedGet(instance, publicUrl, forFollowers.uri, ann)).statusCode).toBe(404);
    await follows().set({ state: 'accepted' }).execute();
    expect((await signedGet(instance, publicUrl, forFollowers.uri, ann)).statusCode).toBe(200);

    // Once Ann undoes her follow, she sees what anyone sees.
    const undo = { '@context': 'https://www.w3.org/ns/activitystreams', id: activityId(ann), type: 'Undo', actor: ann.id, object: follow };
    expect((await postActivity(instance, ann, undo, '/actors/carla/inbox')).statusCode).toBe(202);
    expect((await signedGet(instance, publicUrl, forFollowers.uri, ann)).statusCode).toBe(404);
    expect((await signedGet(instance, publicUrl, followersReply.uri, ann)).statusCode).toBe(404);
    expect((await signedGet(instance, publicUrl, publicReply.uri, ann)).statusCode).toBe(200);
  });

  it('answers 404 for an unknown object, 410 with the Tombstone for a deleted one, and sends browsers to the object', async () => {
    const unknown = `${publicUrl}${THREADS_POST_PATH}/${crypto.randomUUID()}`;
    expect((await get(`${unknown}/replies`)).statusCode).toBe(404);
    expect((await get(`${publicUrl}${THREADS_POST_PATH}/not-a-uuid/replies?page=true`)).statusCode).toBe(404);

    const root = await addPost(services, { authorUri: ann.id, content: 'to be deleted', at: at() });
    await addPost(services, { authorUri: ann.id, content: 'a reply', inReplyTo: root, at: at() });
    await deletePost(services, root);
    const gone = await get(`${root.uri}/replies?page=true`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ id: root.uri, type: 'Tombstone' });
    const goneObject = await get(root.uri);
    expect(goneObject.statusCode).toBe(410);
    expect(goneObject.json().replies).toBeUndefined();

    const live = await addPost(services, { authorUri: ann.id, content: 'still here', at: at() });
    const browser = await get(`${live.uri}/replies?page=true`, BROWSER);
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe(pathOf(publicUrl, live.uri));
    expect((await get(`${live.uri}/replies`, 'image/png')).statusCode).toBe(406);
  });
});

describe('replies in authorized-fetch mode', () => {
  let instance: CoreTestInstance;
  let services: Services;
  let publicUrl: string;
  let remote: RemoteServer;
  let ann: RemoteActor;
  const at = timeline();

  beforeAll(async () => {
    ({ instance, services, publicUrl } = await bootThreads({ authorizedFetch: true }));
    remote = await startRemoteServer();
    ann = remoteActor(remote, 'ann');
  });
  afterAll(async () => {
    await remote?.close();
    await instance?.close();
  });

  it('refuses unsigned GETs of the collection and its pages with 401, before looking the object up, and serves signed ones', async () => {
    const root = await addPost(services, { authorUri: ann.id, content: 'secure thread', at: at() });
    const reply = await addPost(services, { authorUri: ann.id, content: 'secure reply', inReplyTo: root, at: at() });
    const collectionId = `${root.uri}/replies`;
    for (const url of [collectionId, `${collectionId}?page=true`, `${publicUrl}${THREADS_POST_PATH}/${crypto.randomUUID()}/replies`]) {
      const unsigned = await instance.inject({ method: 'GET', url: pathOf(publicUrl, url), headers: { accept: AP } });
      expect(unsigned.statusCode, url).toBe(401);
      expect(unsigned.body).not.toContain(reply.uri);
    }
    const signed = await signedGet(instance, publicUrl, `${collectionId}?page=true`, ann);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ type: 'OrderedCollectionPage', totalItems: 1, orderedItems: [reply.uri] });
    const unknown = await signedGet(instance, publicUrl, `${publicUrl}${THREADS_POST_PATH}/${crypto.randomUUID()}/replies`, ann);
    expect(unknown.statusCode).toBe(404);
  });
});
