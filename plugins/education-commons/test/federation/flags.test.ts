import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { eventually, listeningInstance } from '../support/network.js';

const FLAG = `mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`;
const COMMUNITY_FLAGS = `query($id: ID!) { communityFlags(communityId: $id) { nodes { targetKind targetId reason reporterUri } } }`;
const INSTANCE_FLAGS = `{ flags { nodes { targetKind targetId reason reporterUri } } }`;

/**
 * Reports cross servers both ways, as Mastodon forwards them: a flag on a copy of a remote object
 * goes to its origin as a `Flag` signed by the reporting server's instance actor (the person who
 * reported is not named), and lands in the origin community's flag queue as well as core's reports.
 */
describe('flags federate both ways', () => {
  let a: { instance: TestInstance; publicUrl: string };
  let b: { instance: TestInstance; publicUrl: string };
  let alice: TestUser;
  let bob: TestUser;
  let adminOnA: TestUser;
  let adminOnB: TestUser;
  let community: { id: string; uri: string };
  let resource: { id: string; uri: string };
  let copyId: string;

  const both = () => [a.instance, b.instance];

  beforeAll(async () => {
    a = await listeningInstance([educationCommonsPlugin], 'Instance A');
    b = await listeningInstance([educationCommonsPlugin], 'Instance B');
    alice = await a.instance.signUp('alice');
    adminOnA = await a.instance.signUp('ada', { role: 'moderator' });
    bob = await b.instance.signUp('bob');
    adminOnB = await b.instance.signUp('bea', { role: 'moderator' });
    const made = await communityWithCollection(a.instance, alice, 'Reported teachers');
    community = made.community;
    await ok(b.instance, `mutation($t: String!) { follow(target: $t) { state } }`, { t: community.uri }, bob);
    await eventually(both(), async () => (await ok(b.instance, `{ following { nodes { uri } } }`, {}, bob)).following.nodes.length === 1);
    resource = (await ok(a.instance, CREATE_RESOURCE, { input: { collectionId: made.collection.id, ...LINK_RESOURCE } }, alice)).createResource;
    copyId = await eventually(both(), async () => {
      const { discover } = await ok(b.instance, `{ discover { newestResources { nodes { id uri } } } }`, {});
      return discover.newestResources.nodes.find((node: { uri: string }) => node.uri === resource.uri)?.id;
    });
  });
  afterAll(async () => {
    await b?.instance.close();
    await a?.instance.close();
  });

  it('sends bob’s flag of the copy on B to the community’s moderators on A, from B’s instance actor', async () => {
    await ok(b.instance, FLAG, { input: { targetId: copyId, reason: 'The link is broken spam.' } }, bob);
    // B keeps its own report too, for B's moderators.
    const onB = (await ok(b.instance, INSTANCE_FLAGS, {}, adminOnB)).flags.nodes;
    expect(onB).toEqual([{ targetKind: 'RESOURCE', targetId: copyId, reason: 'The link is broken spam.', reporterUri: null }]);

    const flags = await eventually(both(), async () => {
      const nodes = (await ok(a.instance, COMMUNITY_FLAGS, { id: community.id }, alice)).communityFlags.nodes;
      return nodes.length > 0 ? nodes : null;
    });
    expect(flags).toEqual([{ targetKind: 'RESOURCE', targetId: resource.id, reason: 'The link is broken spam.', reporterUri: `${b.publicUrl}/actors/instance_actor` }]);

    // Core filed it in the instance's reports as well, against the author; bob is named nowhere.
    const { reports } = await ok(a.instance, `{ reports { nodes { reporter { uri } targetActor { uri } objectUris reason } } }`, {}, adminOnA);
    const aliceUri = (await ok(a.instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri;
    expect(reports.nodes).toEqual([
      { reporter: { uri: `${b.publicUrl}/actors/instance_actor` }, targetActor: { uri: aliceUri }, objectUris: [resource.uri, aliceUri], reason: 'The link is broken spam.' },
    ]);
    expect(JSON.stringify(reports)).not.toContain('bob');
  });

  it('sends a flag of bob’s comment, made on A, back to B', async () => {
    const { comment } = await ok(b.instance, `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`, { input: { targetId: copyId, content: 'Buy cheap pills.' } }, bob);
    const copyOfComment = await eventually(both(), async () => {
      const { resource: onA } = await ok(a.instance, `query($id: ID!) { resource(id: $id) { comments { nodes { id } } } }`, { id: resource.id });
      return onA.comments.nodes[0]?.id;
    });
    await ok(a.instance, FLAG, { input: { targetId: copyOfComment, reason: 'Spam in our thread.' } }, alice);
    const flags = await eventually(both(), async () => {
      const nodes = (await ok(b.instance, INSTANCE_FLAGS, {}, adminOnB)).flags.nodes.filter((node: { targetKind: string }) => node.targetKind === 'COMMENT');
      return nodes.length > 0 ? nodes : null;
    });
    expect(flags).toEqual([{ targetKind: 'COMMENT', targetId: comment.id, reason: 'Spam in our thread.', reporterUri: `${a.publicUrl}/actors/instance_actor` }]);
  });

  it('keeps flags of our own objects local: nothing is forwarded', async () => {
    const before = (await ok(b.instance, INSTANCE_FLAGS, {}, adminOnB)).flags.nodes.length;
    await ok(a.instance, FLAG, { input: { targetId: community.id, reason: 'Off-topic community.' } }, alice);
    const onA = (await ok(a.instance, COMMUNITY_FLAGS, { id: community.id }, alice)).communityFlags.nodes;
    expect(onA).toContainEqual({ targetKind: 'COMMUNITY', targetId: community.id, reason: 'Off-topic community.', reporterUri: null });
    for (const instance of both()) await instance.drainJobs();
    expect((await ok(b.instance, INSTANCE_FLAGS, {}, adminOnB)).flags.nodes.length).toBe(before);
  });
});
