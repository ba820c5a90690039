import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin, type EducationCommonsServices } from '../../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
/** An instance, a Fedify peer and a few signed-up people: slow on a busy machine. */
const BOOT_MS = 180_000;
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id uri } }`;

/**
 * Other servers' actors take part in a community that approves its members under the rule local
 * people do (test/participation.test.ts): only once a moderator accepted their follow of its Group.
 * Mona, on a Fedify peer, is refused while she has never followed and while her follow waits: her
 * comments and replies are not stored and her likes not counted. Accepted, she takes part; removed,
 * her edits are dropped but her Undo and Delete still apply. What she may never do, whatever her
 * standing, is undo, edit or delete what someone else wrote.
 */
describe('taking part in a community that approves its members, from another server', () => {
  let instance: TestInstance;
  let publicUrl: string;
  let peer: FedifyPeer;
  let alice: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string; uri: string };
  let resource: { id: string; uri: string };
  let aliceComment: { id: string; uri: string };
  let sent = 0;

  beforeAll(async () => {
    ({ instance, publicUrl } = await listeningInstance([educationCommonsPlugin], 'Closed commons'));
    peer = await startFedifyPeer();
    alice = await instance.signUp('alice');
    community = (await ok(instance, CREATE_COMMUNITY, { input: { name: 'Closed staff room', requiresApproval: true } }, alice)).createCommunity;
    collection = (await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Notes' } }, alice)).createCollection;
    resource = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice)).createResource;
    aliceComment = (await ok(instance, COMMENT, { input: { targetId: resource.id, content: 'Start here.' } }, alice)).comment;
  }, BOOT_MS);
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const db = () => instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id).db;
  const send = async (activity: Record<string, unknown>) => {
    const status = await peer.deliver(`${publicUrl}/inbox`, { '@context': AS_CONTEXT, id: `${peer.actorId}/activities/${++sent}`, actor: peer.actorId, ...activity });
    return status;
  };
  type RemoteNote = { id: string; to: string[]; cc?: string[]; [term: string]: unknown };
  const note = (n: number, addressing: { cc: string[]; inReplyTo?: string }): RemoteNote => ({
    id: `${peer.actorId}/notes/${n}`,
    type: 'Note',
    content: `<p>Note ${n}</p>`,
    attributedTo: peer.actorId,
    to: [PUBLIC],
    ...addressing,
  });
  /** A comment on each of the community, its collection, its resource, and a reply to alice's comment. */
  const notesEverywhere = (from: number) => [
    note(from, { cc: [community.uri] }),
    note(from + 1, { cc: [collection.uri] }),
    note(from + 2, { inReplyTo: resource.uri, cc: [community.uri] }),
    note(from + 3, { inReplyTo: aliceComment.uri, cc: [community.uri] }),
  ];
  const storedComments = async (uris: string[]) =>
    (await db().selectFrom('education_commons_comments').select(['uri', 'content', 'deleted_at']).where('uri', 'in', uris).execute()).sort((x, y) => x.uri.localeCompare(y.uri));
  const likeCounts = async () => ({
    resource: (await db().selectFrom('education_commons_resources').select('like_count').where('id', '=', resource.id).executeTakeFirstOrThrow()).like_count,
    comment: (await db().selectFrom('education_commons_comments').select('like_count').where('id', '=', aliceComment.id).executeTakeFirstOrThrow()).like_count,
  });
  const likeBoth = async (tag: string) => {
    for (const object of [resource.uri, aliceComment.uri]) {
      expect(await send({ id: `${peer.actorId}/likes/${tag}/${encodeURIComponent(object)}`, type: 'Like', object, to: [community.uri] })).toBeLessThan(300);
    }
  };
  const pendingFollowId = async () =>
    eventually([instance], async () => (await ok(instance, `{ followRequests { nodes { id } } }`, {}, alice)).followRequests.nodes[0]?.id as string | undefined);

  it('drops comments, replies and likes from an actor who never followed the community', async () => {
    const notes = notesEverywhere(1);
    for (const object of notes) expect(await send({ type: 'Create', object, to: object.to, cc: object.cc })).toBeLessThan(300);
    await likeBoth('never');
    expect(await storedComments(notes.map((n) => n.id))).toEqual([]);
    expect(await likeCounts()).toEqual({ resource: 0, comment: 0 });
  });

  let followId: string;
  it('drops them while her follow waits for a moderator, and takes them once it is accepted', async () => {
    await peer.follow(community.uri);
    followId = await pendingFollowId();
    const waiting = notesEverywhere(11);
    for (const object of waiting) await send({ type: 'Create', object, to: object.to, cc: object.cc });
    await likeBoth('waiting');
    expect(await storedComments(waiting.map((n) => n.id))).toEqual([]);
    expect(await likeCounts()).toEqual({ resource: 0, comment: 0 });

    await ok(instance, `mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id: followId }, alice);
    const accepted = notesEverywhere(21);
    for (const object of accepted) await send({ type: 'Create', object, to: object.to, cc: object.cc });
    await likeBoth('accepted');
    expect((await storedComments(accepted.map((n) => n.id))).map((row) => row.uri)).toEqual(accepted.map((n) => n.id).sort());
    expect(await likeCounts()).toEqual({ resource: 1, comment: 1 });
  });

  it('once she is removed, drops her edits but honours her Undo and her Delete', async () => {
    await ok(instance, `mutation($id: ID!) { rejectFollowRequest(id: $id) { id } }`, { id: followId }, alice);
    const [onCommunity, onCollection] = notesEverywhere(21);
    await send({ type: 'Update', object: { ...onCommunity!, content: '<p>Edited after removal</p>' }, to: [PUBLIC], cc: [community.uri] });
    expect((await storedComments([onCommunity!.id]))[0]).toMatchObject({ content: 'Note 21', deleted_at: null });

    expect(await send({ type: 'Undo', object: { id: `${peer.actorId}/likes/accepted/${encodeURIComponent(resource.uri)}`, type: 'Like', actor: peer.actorId, object: resource.uri }, to: [community.uri] })).toBeLessThan(300);
    expect((await likeCounts()).resource).toBe(0);
    expect(await send({ type: 'Delete', object: onCollection!.id, to: [PUBLIC], cc: [collection.uri] })).toBeLessThan(300);
    expect((await storedComments([onCollection!.id]))[0]?.deleted_at).toBeInstanceOf(Date);
  });

  it('never lets her undo, edit or delete what a local person wrote', async () => {
    const like = (await ok(instance, `mutation($id: ID!) { like(targetId: $id) { likeCount } }`, { id: resource.id }, alice)).like;
    expect(like.likeCount).toBe(1);
    const aliceLike = await db().selectFrom('education_commons_likes').select('activity_uri').where('actor_uri', 'like', `${publicUrl}%`).executeTakeFirstOrThrow();
    // A bare Undo naming alice's Like, and one claiming alice as its actor: neither takes it back.
    await send({ type: 'Undo', object: aliceLike.activity_uri, to: [community.uri] });
    await send({ type: 'Undo', object: { id: aliceLike.activity_uri, type: 'Like', actor: `${publicUrl}/actors/alice`, object: resource.uri }, to: [community.uri] });
    expect((await likeCounts()).resource).toBe(1);
    // Her server cannot speak for objects that live here.
    expect(await send({ type: 'Update', object: { id: aliceComment.uri, type: 'Note', content: '<p>Hijacked</p>', attributedTo: peer.actorId, to: [PUBLIC] }, to: [PUBLIC] })).toBe(400);
    expect(await send({ type: 'Delete', object: resource.uri, to: [PUBLIC] })).toBe(400);
    expect(await send({ type: 'Delete', object: aliceComment.uri, to: [PUBLIC] })).toBe(400);
    const { resource: after } = await ok(instance, `query($id: ID!) { resource(id: $id) { deleted comments { nodes { uri content deleted } } } }`, { id: resource.id });
    expect(after.deleted).toBe(false);
    expect(after.comments.nodes).toContainEqual({ uri: aliceComment.uri, content: 'Start here.', deleted: false });
  });

  it('has the community’s collections approve their followers, so a collection relays nothing of a stranger’s', async () => {
    const zoe = await startFedifyPeer('zoe');
    try {
      await zoe.follow(collection.uri);
      // Held for the collection's maker, as the community's own followers are held for its owner.
      await ok(instance, `mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id: await pendingFollowId() }, alice);
      const posted = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'For followers' } }, alice)).createResource;
      const relayed = (id: string) => zoe.received.some((activity) => activity.type === 'Announce' && JSON.stringify(activity.json).includes(id));
      await eventually([instance], async () => relayed(posted.uri));

      // Mona, removed above, addresses a Note to the collection: dropped by the plugin, and not passed on by the Group.
      const stranger = note(41, { cc: [collection.uri] });
      expect(await send({ type: 'Create', object: stranger, to: stranger.to, cc: stranger.cc })).toBeLessThan(300);
      for (let round = 0; round < 3; round++) await instance.drainJobs();
      expect(await storedComments([stranger.id])).toEqual([]);
      expect(relayed(stranger.id)).toBe(false);
    } finally {
      await zoe.close();
    }
  });
});
