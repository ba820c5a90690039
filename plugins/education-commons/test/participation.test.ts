import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';

/** Seven sign-ups (password hashing) and a community: slow on a busy machine. */
const BOOT_MS = 180_000;
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`;
const LIKE = `mutation($id: ID!) { like(targetId: $id) { liked likeCount } }`;
const JOIN = `mutation($id: ID!) { joinCommunity(id: $id) { id } }`;
const APPROVE = `mutation($c: ID!, $a: ID!) { approveCommunityMember(communityId: $c, actorId: $a) }`;
const MEMBERS = `query($id: ID!) { community(id: $id) { members(first: 50) { nodes { actorId approved } } } }`;

/**
 * A community that approves its members takes part only from those it approved: locally, members a
 * moderator accepted (federation/participation.test.ts holds other servers to the same rule). Someone
 * who never joined, or who is still waiting, cannot comment, reply or like there (FORBIDDEN, nothing
 * stored), and sees nobody else waiting.
 */
describe('taking part in a community that approves its members, locally', () => {
  let instance: TestInstance;
  let owner: TestUser;
  let moderator: TestUser;
  let member: TestUser;
  let pending: TestUser;
  let otherPending: TestUser;
  let stranger: TestUser;
  let instanceModerator: TestUser;
  let community: { id: string };
  let collection: { id: string; uri: string };
  let resource: { id: string };
  let ownerComment: { id: string };

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    [owner, moderator, member, pending, otherPending, stranger] = (await Promise.all(
      ['owner', 'moderator', 'member', 'pending', 'waiting', 'stranger'].map((name) => instance.signUp(name)),
    )) as TestUser[] as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
    instanceModerator = await instance.createUser('ada', { role: 'moderator' });
    community = (await ok(instance, CREATE_COMMUNITY, { input: { name: 'Staff room', requiresApproval: true } }, owner)).createCommunity;
    collection = (await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Notes' } }, owner)).createCollection;
    resource = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, owner)).createResource;
    ownerComment = (await ok(instance, COMMENT, { input: { targetId: resource.id, content: 'Start here.' } }, owner)).comment;
    for (const user of [moderator, member, pending, otherPending]) await ok(instance, JOIN, { id: community.id }, user);
    for (const user of [moderator, member]) await ok(instance, APPROVE, { c: community.id, a: user.actorId }, owner);
    await ok(
      instance,
      `mutation($c: ID!, $a: ID!) { setCommunityRole(communityId: $c, actorId: $a, role: MODERATOR) }`,
      { c: community.id, a: moderator.actorId },
      owner,
    );
  }, BOOT_MS);
  afterAll(() => instance?.close());

  const count = async (table: 'education_commons_comments' | 'education_commons_likes') =>
    Number((await (instance.services.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses comments and replies from someone who never joined and from someone still waiting, storing nothing', async () => {
    const before = await count('education_commons_comments');
    const attempts = [
      { targetId: community.id, content: 'On the community' },
      { targetId: collection.id, content: 'On its collection' },
      { targetId: resource.id, content: 'On its resource' },
      { targetId: ownerComment.id, content: 'A reply, by naming the comment' },
      { targetId: resource.id, inReplyToId: ownerComment.id, content: 'A reply, by inReplyToId' },
    ];
    for (const user of [stranger, pending]) {
      for (const input of attempts) {
        expect(await fails(instance, COMMENT, { input }, user), `${user.username}: ${input.content}`).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect(await count('education_commons_comments')).toBe(before);
    // An approved member takes part everywhere the others were refused.
    for (const input of attempts) await ok(instance, COMMENT, { input }, member);
    expect(await count('education_commons_comments')).toBe(before + attempts.length);
  });

  it('refuses likes from someone who never joined and from someone still waiting', async () => {
    const before = await count('education_commons_likes');
    for (const user of [stranger, pending]) {
      expect(await fails(instance, LIKE, { id: resource.id }, user)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails(instance, LIKE, { id: ownerComment.id }, user)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await count('education_commons_likes')).toBe(before);
    expect((await ok(instance, LIKE, { id: resource.id }, member)).like).toEqual({ liked: true, likeCount: 1 });
  });

  it('stops a removed member editing their comment, resource or collection; deleting them stays theirs', async () => {
    const leaver = await instance.signUp('leaver');
    await ok(instance, JOIN, { id: community.id }, leaver);
    await ok(instance, APPROVE, { c: community.id, a: leaver.actorId }, owner);
    const comment = (await ok(instance, COMMENT, { input: { targetId: resource.id, content: 'Mine.' } }, leaver)).comment;
    const ownCollection = (await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Leaver’s' } }, leaver)).createCollection;
    const ownResource = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: ownCollection.id, ...LINK_RESOURCE, name: 'Leaver’s link' } }, leaver)).createResource;
    await ok(instance, `mutation($c: ID!, $a: ID!) { removeCommunityMember(communityId: $c, actorId: $a) }`, { c: community.id, a: leaver.actorId }, owner);

    expect(await fails(instance, `mutation($id: ID!) { editComment(id: $id, content: "Changed") { id } }`, { id: comment.id }, leaver)).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fails(instance, `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }`, { input: { id: ownResource.id, name: 'Changed' } }, leaver),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fails(instance, `mutation($input: EducationUpdateCollectionInput!) { updateCollection(input: $input) { id } }`, { input: { id: ownCollection.id, name: 'Changed' } }, leaver),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const { resource: unchanged } = await ok(instance, `query($id: ID!) { resource(id: $id) { name comments { nodes { content } } } }`, { id: ownResource.id });
    expect(unchanged.name).toBe('Leaver’s link');

    // What they wrote stays theirs to take back, as another server's Delete is always honoured.
    expect((await ok(instance, `mutation($id: ID!) { deleteComment(id: $id) { deleted } }`, { id: comment.id }, leaver)).deleteComment.deleted).toBe(true);
    expect((await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: ownResource.id }, leaver)).deleteResource.deleted).toBe(true);
  });

  it('still takes reports and bookmarks from anyone: a non-member must be able to tell the moderators', async () => {
    await ok(instance, `mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`, { input: { targetId: resource.id, reason: 'Spam' } }, stranger);
    await ok(instance, `mutation($id: ID!) { bookmark(targetId: $id) }`, { id: resource.id }, pending);
  });

  it('takes comments and likes from anyone in a community that does not approve its members', async () => {
    const open = (await ok(instance, CREATE_COMMUNITY, { input: { name: 'Open room' } }, owner)).createCommunity;
    const shelf = (await ok(instance, CREATE_COLLECTION, { input: { communityId: open.id, name: 'Shelf' } }, owner)).createCollection;
    const link = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: shelf.id, ...LINK_RESOURCE } }, owner)).createResource;
    await ok(instance, COMMENT, { input: { targetId: open.id, content: 'Hello' } }, stranger);
    await ok(instance, COMMENT, { input: { targetId: link.id, content: 'Thanks' } }, stranger);
    expect((await ok(instance, LIKE, { id: link.id }, stranger)).like.liked).toBe(true);
  });

  it('has its collections approve their followers while it approves its members, and follows a change of mind', async () => {
    const approves = async () =>
      (await instance.inject({ url: new URL(collection.uri).pathname, headers: { accept: 'application/activity+json' } })).json().manuallyApprovesFollowers;
    expect(await approves()).toBe(true);
    const update = `mutation($input: EducationUpdateCommunityInput!) { updateCommunity(input: $input) { id } }`;
    await ok(instance, update, { input: { id: community.id, requiresApproval: false } }, owner);
    expect(await approves()).toBe(false);
    await ok(instance, update, { input: { id: community.id, requiresApproval: true } }, owner);
    expect(await approves()).toBe(true);
  });

  it('shows members waiting for approval only to the community’s moderators and to each waiting person', async () => {
    const seenBy = async (user?: TestUser) =>
      (await ok(instance, MEMBERS, { id: community.id }, user)).community.members.nodes as Array<{ actorId: string; approved: boolean }>;
    const waiting = (nodes: Array<{ actorId: string; approved: boolean }>) => nodes.filter((node) => !node.approved).map((node) => node.actorId).sort();
    const both = [pending.actorId, otherPending.actorId].sort();

    for (const user of [undefined, stranger, member]) {
      const nodes = await seenBy(user);
      expect(waiting(nodes), user?.username ?? 'anonymous').toEqual([]);
      expect(nodes.map((node) => node.actorId)).toContain(member.actorId);
    }
    expect(waiting(await seenBy(pending))).toEqual([pending.actorId]);
    expect(waiting(await seenBy(otherPending))).toEqual([otherPending.actorId]);
    for (const user of [owner, moderator, instanceModerator]) expect(waiting(await seenBy(user)), user.username).toEqual(both);
  });
});
