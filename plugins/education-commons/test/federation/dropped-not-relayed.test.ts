import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin, type EducationCommonsServices } from '../../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
/** An instance, two Fedify peers and a few accepted follows: slow on a busy machine. */
const BOOT_MS = 300_000;

/**
 * What the plugin turns away (dropActivity) is not relayed by core's Groups (FEP-1b12). Core's own
 * rule (a Group that approves its followers relays only theirs) does not cover it: Zoe is an accepted
 * follower of a collection's Group, but not a member of its approval-only community, so the plugin
 * drops her Note; and a member's Note that is not addressed to the public is not kept either. Mona,
 * a member following the collection too, must receive neither, while she and Zoe receive what a
 * member posts publicly.
 */
describe('a Group of an approval-only community relays only what education-commons kept', () => {
  let instance: TestInstance;
  let mona: FedifyPeer;
  let zoe: FedifyPeer;
  let alice: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string; uri: string };
  let sent = 0;

  const pendingFollowId = async () =>
    eventually([instance], async () => (await ok(instance, `{ followRequests { nodes { id } } }`, {}, alice)).followRequests.nodes[0]?.id as string | undefined);
  const acceptNextFollow = async () => ok(instance, `mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id: await pendingFollowId() }, alice);

  beforeAll(async () => {
    let publicUrl: string;
    ({ instance, publicUrl } = await listeningInstance([educationCommonsPlugin], 'Closed commons'));
    inbox = `${publicUrl}/inbox`;
    mona = await startFedifyPeer('mona');
    zoe = await startFedifyPeer('zoe');
    alice = await instance.signUp('alice');
    community = (await ok(instance, CREATE_COMMUNITY, { input: { name: 'Closed staff room', requiresApproval: true } }, alice)).createCommunity;
    collection = (await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Notes' } }, alice)).createCollection;
    // Mona is a member (an accepted follower of the community) and follows the collection; Zoe only follows the collection.
    await mona.follow(community.uri);
    await acceptNextFollow();
    await mona.follow(collection.uri);
    await acceptNextFollow();
    await zoe.follow(collection.uri);
    await acceptNextFollow();
  }, BOOT_MS);
  afterAll(async () => {
    await mona?.close();
    await zoe?.close();
    await instance?.close();
  });

  let inbox: string;
  const db = () => instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id).db;
  const post = async (peer: FedifyPeer, n: number, to: string[]) => {
    const note = { id: `${peer.actorId}/notes/${n}`, type: 'Note', content: `<p>Note ${n}</p>`, attributedTo: peer.actorId, to, cc: [collection.uri] };
    const status = await peer.deliver(inbox, { '@context': AS_CONTEXT, id: `${peer.actorId}/activities/${++sent}`, type: 'Create', actor: peer.actorId, object: note, to: note.to, cc: note.cc });
    expect(status).toBeLessThan(300);
    return note.id;
  };
  const relayedTo = (peer: FedifyPeer, id: string) => peer.received.some((activity) => activity.type === 'Announce' && JSON.stringify(activity.json).includes(id));
  const stored = async (ids: string[]) => (await db().selectFrom('education_commons_comments').select('uri').where('uri', 'in', ids).execute()).map((row) => row.uri);

  it('does not announce a non-member’s Note, nor a member’s non-public one, but announces a member’s public Note', async () => {
    const strangers = await post(zoe, 1, [PUBLIC]);
    const membersPrivate = await post(mona, 2, [`${mona.actorId}/followers`]);
    const membersPublic = await post(mona, 3, [PUBLIC]);
    // The kept Note reaches the collection's other follower; by then the dropped ones would have been sent too.
    await eventually([instance], async () => relayedTo(zoe, membersPublic));
    for (let round = 0; round < 3; round++) await instance.drainJobs();

    expect(await stored([strangers, membersPrivate, membersPublic])).toEqual([membersPublic]);
    expect(relayedTo(mona, strangers)).toBe(false);
    expect(relayedTo(zoe, membersPrivate)).toBe(false);
  });
});
