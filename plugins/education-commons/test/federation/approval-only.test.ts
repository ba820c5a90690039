import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

/** Two instances, a Fedify peer and their first exchanges: slow on a busy machine. */
const BOOT_TWO_INSTANCES_MS = 180_000;
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id uri } }`;

/**
 * A community that approves its members takes posts from other servers only from actors whose follow
 * a moderator accepted: bob (approved) comments from B and is heard; carol (not approved) is dropped,
 * neither stored nor relayed to the community's followers.
 */
describe('posting into an approval-only community from another server', () => {
  let a: TestInstance;
  let b: TestInstance;
  let peer: FedifyPeer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let community: { id: string; uri: string };
  let resource: { id: string; uri: string };
  let copyId: string;

  const both = () => [a, b];
  const approvePending = async (count: number) => {
    const requests = await eventually(both(), async () => {
      const { followRequests } = await ok(a, `{ followRequests { nodes { id } } }`, {}, alice);
      return followRequests.nodes.length === count ? followRequests.nodes : null;
    });
    for (const request of requests) await ok(a, `mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id: request.id }, alice);
  };

  beforeAll(async () => {
    a = (await listeningInstance([educationCommonsPlugin], 'Instance A')).instance;
    b = (await listeningInstance([educationCommonsPlugin], 'Instance B')).instance;
    peer = await startFedifyPeer();
    alice = await a.signUp('alice');
    bob = await b.signUp('bob');
    carol = await b.signUp('carol');
    community = (await ok(a, CREATE_COMMUNITY, { input: { name: 'Closed staff room', summary: 'Members only.', requiresApproval: true } }, alice)).createCommunity;
    const collection = (await ok(a, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Notes', summary: 'Shared.' } }, alice)).createCollection;
    await ok(b, `mutation($t: String!) { follow(target: $t) { state } }`, { t: community.uri }, bob);
    await peer.follow(community.uri);
    await approvePending(2);
    resource = (await ok(a, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice)).createResource;
    copyId = await eventually(both(), async () => {
      const { discover } = await ok(b, `{ discover { newestResources { nodes { id uri } } } }`, {});
      return discover.newestResources.nodes.find((node: { uri: string }) => node.uri === resource.uri)?.id;
    });
  }, BOOT_TWO_INSTANCES_MS);
  afterAll(async () => {
    await peer?.close();
    await b?.close();
    await a?.close();
  });

  const commentsOnA = async () =>
    (await ok(a, `query($id: ID!) { resource(id: $id) { comments { nodes { content } } } }`, { id: resource.id })).resource.comments.nodes.map(
      (node: { content: string }) => node.content,
    );

  it('stores and relays a comment from an approved follower on another server', async () => {
    const { comment } = await ok(b, COMMENT, { input: { targetId: copyId, content: 'From an approved member.' } }, bob);
    expect(await eventually(both(), async () => ((await commentsOnA()).length === 1 ? commentsOnA() : null))).toEqual(['From an approved member.']);
    // The community's Group relayed it to its followers (the Fedify peer among them).
    await eventually(both(), async () => peer.received.find((activity) => activity.type === 'Announce' && JSON.stringify(activity.json).includes(comment.uri)));
  });

  it('drops a comment from someone on another server the community has not approved', async () => {
    const { comment } = await ok(b, COMMENT, { input: { targetId: copyId, content: 'Let me in!' } }, carol);
    // Deliveries from B to A are done once B's queue and A's inbox are drained.
    for (let round = 0; round < 3; round++) for (const instance of both()) await instance.drainJobs();
    expect(await commentsOnA()).toEqual(['From an approved member.']);
    expect(peer.received.some((activity) => JSON.stringify(activity.json).includes(comment.uri))).toBe(false);
  });
});
