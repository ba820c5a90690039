import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { eventually, listeningInstance } from '../support/network.js';

/**
 * Two Commonplace instances in one process, over real HTTP: a person on B follows a community on A
 * and receives its resources with their full metadata (as resources, not notes); comments, likes,
 * edits and deletes travel both ways.
 */
describe('two Commonplace instances share a community', () => {
  let a: TestInstance;
  let b: TestInstance;
  let alice: TestUser;
  let bob: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string };
  let resource: { id: string; uri: string };
  /** The copy of `resource` on B. */
  let copyId: string;

  beforeAll(async () => {
    a = (await listeningInstance([educationCommonsPlugin], 'Instance A')).instance;
    b = (await listeningInstance([educationCommonsPlugin], 'Instance B')).instance;
    alice = await a.signUp('alice');
    bob = await b.signUp('bob');
    ({ community, collection } = await communityWithCollection(a, alice, 'Federated teachers'));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const both = () => [a, b];
  const copyOnB = async (uri: string) =>
    (await ok(b, `{ discover { newestResources(first: 50) { nodes { id uri name originHost licence { id } language level { code } subject { code } type { code } learningOutcomes likeCount } } } }`, {})).discover.newestResources.nodes.find(
      (node: { uri: string }) => node.uri === uri,
    );

  it('lets bob on B follow the community on A; A’s Group accepts', async () => {
    const { follow } = await ok(b, `mutation($t: String!) { follow(target: $t) { state } }`, { t: community.uri }, bob);
    expect(follow.state).toBe('PENDING');
    await eventually(both(), async () => {
      const { following } = await ok(b, `{ following { nodes { uri } } }`, {}, bob);
      return following.nodes.some((node: { uri: string }) => node.uri === community.uri);
    });
  });

  it('delivers a resource posted in the community to B, with its metadata, as a resource', async () => {
    const { createResource } = await ok(
      a,
      CREATE_RESOURCE,
      { input: { collectionId: collection.id, ...LINK_RESOURCE, type: 'textbook', learningOutcomes: ['Write a function'] } },
      alice,
    );
    resource = createResource;
    const copy = await eventually(both(), () => copyOnB(resource.uri));
    expect(copy).toMatchObject({
      name: 'Think Python',
      originHost: new URL(resource.uri).host,
      licence: { id: 'CC-BY-NC-3.0' },
      language: 'en',
      level: { code: '3' },
      subject: { code: '0613' },
      type: { code: 'textbook' },
      learningOutcomes: ['Write a function'],
    });
    copyId = copy.id;
  });

  it('puts the resource in the feed of bob, who follows its community, and of carol once she follows its subject', async () => {
    const feedOf = async (user: TestUser) => (await ok(b, `{ feed { nodes { id } } }`, {}, user)).feed.nodes.map((node: { id: string }) => node.id);
    // The remote community bob follows (core's follow) fills his feed.
    expect(await feedOf(bob)).toContain(copyId);
    // Subjects are topics across instances: following 06 on B brings A's 0613 resource into carol's feed.
    const carol = await b.signUp('carol');
    expect(await feedOf(carol)).not.toContain(copyId);
    await ok(b, `mutation { followSubject(code: "06") { code } }`, {}, carol);
    expect(await feedOf(carol)).toContain(copyId);
  });

  it('sends bob’s comment and like from B to the community on A', async () => {
    await ok(b, `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`, { input: { targetId: copyId, content: 'Used it in class today.' } }, bob);
    await ok(b, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: copyId }, bob);
    const onA = await eventually(both(), async () => {
      const { resource: found } = await ok(a, `query($id: ID!) { resource(id: $id) { likeCount comments { nodes { content authorUri originHost } } } }`, { id: resource.id });
      return found.likeCount === 1 && found.comments.nodes.length === 1 ? found : null;
    });
    const bobUri = (await ok(b, `{ me { actor { uri } } }`, {}, bob)).me.actor.uri;
    expect(onA.comments.nodes[0]).toMatchObject({ content: 'Used it in class today.', authorUri: bobUri, originHost: new URL(bobUri).host });
  });

  it('relays alice’s reply on A to B, in the same thread', async () => {
    const { resource: onA } = await ok(a, `query($id: ID!) { resource(id: $id) { comments { nodes { id } } } }`, { id: resource.id });
    await ok(a, `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`, { input: { targetId: resource.id, content: 'Glad to hear!', inReplyToId: onA.comments.nodes[0].id } }, alice);
    const thread = await eventually(both(), async () => {
      const { resource: copy } = await ok(b, `query($id: ID!) { resource(id: $id) { comments { nodes { content replies { nodes { content originHost } } } } } }`, { id: copyId });
      return copy.comments.nodes[0]?.replies.nodes.length === 1 ? copy.comments.nodes[0] : null;
    });
    expect(thread).toMatchObject({ content: 'Used it in class today.', replies: { nodes: [{ content: 'Glad to hear!', originHost: new URL(resource.uri).host }] } });
  });

  it('applies alice’s edit on A to the copy on B', async () => {
    await ok(a, `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }`, { input: { id: resource.id, name: 'Think Python (3rd edition)', level: '4' } }, alice);
    const copy = await eventually(both(), async () => {
      const found = await copyOnB(resource.uri);
      return found?.name === 'Think Python (3rd edition)' ? found : null;
    });
    expect(copy.level).toEqual({ code: '4' });
  });

  it('turns the copy on B into a tombstone when alice deletes the resource on A', async () => {
    await ok(a, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: resource.id }, alice);
    await eventually(both(), async () => (await ok(b, `query($id: ID!) { resource(id: $id) { deleted } }`, { id: copyId })).resource.deleted);
    expect(await copyOnB(resource.uri)).toBeUndefined();
  });

  it('takes a followed community’s resources out of bob’s feed once he unfollows it', async () => {
    const { createResource: another } = await ok(a, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Another one', subject: '0111' } }, alice);
    const feed = async () => (await ok(b, `{ feed { nodes { uri } } }`, {}, bob)).feed.nodes.map((node: { uri: string }) => node.uri);
    await eventually(both(), async () => (await feed()).includes(another.uri));
    await ok(b, `mutation($t: String!) { unfollow(target: $t) }`, { t: community.uri }, bob);
    expect(await feed()).not.toContain(another.uri);
  });
});
