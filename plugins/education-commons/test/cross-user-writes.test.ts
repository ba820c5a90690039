import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { communityWithCollection, CREATE_COLLECTION, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';

/** Five sign-ups (password hashing) and two communities: slow on a busy machine. */
const BOOT_MS = 180_000;
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`;
const JOIN = `mutation($id: ID!) { joinCommunity(id: $id) { id } }`;
const SET_ROLE = `mutation($c: ID!, $a: ID!, $r: EducationCommunityRole!) { setCommunityRole(communityId: $c, actorId: $a, role: $r) }`;
const REMOVE_MEMBER = `mutation($c: ID!, $a: ID!) { removeCommunityMember(communityId: $c, actorId: $a) }`;

/**
 * What held when issue 19 probed the plugin, kept so: nobody edits, deletes, moderates or takes back
 * what is someone else's (FORBIDDEN, nothing changed), and anonymous writes are UNAUTHENTICATED. The
 * cases graphql-flows.test.ts already covers (a member deleting another's resource or comment, editing
 * the community or a collection) are not repeated here.
 */
describe('cross-user writes are refused', () => {
  let instance: TestInstance;
  let owner: TestUser;
  let moderator: TestUser;
  let secondModerator: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let community: { id: string };
  let collection: { id: string };
  let resource: { id: string };
  let comment: { id: string };
  let personal: { id: string };
  let personalComment: { id: string };

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    owner = await instance.signUp('owner');
    moderator = await instance.signUp('moderator');
    secondModerator = await instance.signUp('second');
    member = await instance.signUp('member');
    stranger = await instance.signUp('stranger');
    ({ community, collection } = await communityWithCollection(instance, owner));
    for (const user of [moderator, secondModerator, member]) await ok(instance, JOIN, { id: community.id }, user);
    for (const user of [moderator, secondModerator]) await ok(instance, SET_ROLE, { c: community.id, a: user.actorId, r: 'MODERATOR' }, owner);
    resource = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Owner’s' } }, owner)).createResource;
    comment = (await ok(instance, COMMENT, { input: { targetId: resource.id, content: 'Member’s words.' } }, member)).comment;
    personal = (await ok(instance, CREATE_COLLECTION, { input: { name: 'Stranger’s shelf' } }, stranger)).createCollection;
    const personalResource = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: personal.id, ...LINK_RESOURCE, name: 'Stranger’s' } }, stranger)).createResource;
    personalComment = (await ok(instance, COMMENT, { input: { targetId: personalResource.id, content: 'Outside any community.' } }, stranger)).comment;
  }, BOOT_MS);
  afterAll(() => instance?.close());

  it('refuses editing someone else’s resource or comment, even to the community’s owner', async () => {
    const update = `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }`;
    expect(await fails(instance, update, { input: { id: resource.id, name: 'Taken over' } }, member)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, update, { input: { id: resource.id, name: 'Taken over' } }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
    const edit = `mutation($id: ID!) { editComment(id: $id, content: "Not what I said") { id } }`;
    for (const user of [owner, stranger]) expect(await fails(instance, edit, { id: comment.id }, user)).toMatchObject({ code: 'FORBIDDEN' });
    const { resource: after } = await ok(instance, `query($id: ID!) { resource(id: $id) { name comments { nodes { content } } } }`, { id: resource.id });
    expect(after).toEqual({ name: 'Owner’s', comments: { nodes: [{ content: 'Member’s words.' }] } });
  });

  it('refuses deleting a comment outside any community to anyone but its author', async () => {
    expect(await fails(instance, `mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id: personalComment.id }, owner)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses adding to, editing or deleting someone else’s personal collection', async () => {
    expect(await fails(instance, CREATE_RESOURCE, { input: { collectionId: personal.id, ...LINK_RESOURCE } }, owner)).toMatchObject({ code: 'FORBIDDEN' });
    const copy = `mutation($input: EducationCopyResourceInput!) { copyResource(input: $input) { id } }`;
    expect(await fails(instance, copy, { input: { resourceId: resource.id, collectionId: personal.id } }, member)).toMatchObject({ code: 'FORBIDDEN' });
    const update = `mutation($input: EducationUpdateCollectionInput!) { updateCollection(input: $input) { id } }`;
    expect(await fails(instance, update, { input: { id: personal.id, name: 'Mine' } }, owner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, `mutation($id: ID!) { deleteCollection(id: $id) }`, { id: personal.id }, owner)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok(instance, `query($id: ID!) { collection(id: $id) { name } }`, { id: personal.id })).collection).toEqual({ name: 'Stranger’s shelf' });
  });

  it('refuses a stranger’s collection in a community, and moving a community into one its owner is not in', async () => {
    expect(await fails(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Mine' } }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
    const theirs = await communityWithCollection(instance, stranger, 'Stranger’s room');
    const remove = `mutation($input: EducationDeleteCommunityInput!) { deleteCommunity(input: $input) }`;
    const mine = await communityWithCollection(instance, owner, 'To be moved');
    expect(await fails(instance, remove, { input: { id: mine.community.id, contents: 'MOVE', moveToCommunityId: theirs.community.id } }, owner)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok(instance, `query($id: ID!) { community(id: $id) { id } }`, { id: mine.community.id })).community).toEqual({ id: mine.community.id });
  });

  it('keeps membership decisions to moderators, moderators’ removal and roles to the owner, and the owner in place', async () => {
    const applicant = await instance.signUp('applicant');
    const gated = (await ok(instance, `mutation { createCommunity(input: { name: "Gated", requiresApproval: true }) { id } }`, {}, owner)).createCommunity;
    await ok(instance, JOIN, { id: gated.id }, applicant);
    expect(await fails(instance, `mutation($c: ID!, $a: ID!) { approveCommunityMember(communityId: $c, actorId: $a) }`, { c: gated.id, a: applicant.actorId }, applicant)).toMatchObject({ code: 'FORBIDDEN' });

    expect(await fails(instance, REMOVE_MEMBER, { c: community.id, a: moderator.actorId }, member)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, REMOVE_MEMBER, { c: community.id, a: secondModerator.actorId }, moderator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, REMOVE_MEMBER, { c: community.id, a: owner.actorId }, moderator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, SET_ROLE, { c: community.id, a: member.actorId, r: 'MODERATOR' }, moderator)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, SET_ROLE, { c: community.id, a: moderator.actorId, r: 'OWNER' }, moderator)).toMatchObject({ code: 'FORBIDDEN' });
    const { community: after } = await ok(instance, `query($id: ID!) { community(id: $id) { members(first: 50) { nodes { actorId role } } } }`, { id: community.id }, owner);
    const roles = Object.fromEntries(after.members.nodes.map((node: { actorId: string; role: string }) => [node.actorId, node.role]));
    expect(roles).toMatchObject({ [owner.actorId]: 'OWNER', [moderator.actorId]: 'MODERATOR', [secondModerator.actorId]: 'MODERATOR', [member.actorId]: 'MEMBER' });
  });

  it('refuses featuring to everyone but admins, and a report outside any community to non-moderators', async () => {
    expect(await fails(instance, `mutation($id: ID!) { featureCollection(id: $id, featured: true) { id } }`, { id: collection.id }, owner)).toMatchObject({ code: 'FORBIDDEN' });
    const { flag } = await ok(instance, `mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`, { input: { targetId: personalComment.id, reason: 'Rude' } }, member);
    expect(await fails(instance, `mutation($id: ID!) { resolveFlag(id: $id) { id } }`, { id: flag.id }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, `query($c: ID!) { communityFlags(communityId: $c) { nodes { id } } }`, { c: community.id }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('takes back only the viewer’s own like and bookmark', async () => {
    await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: resource.id }, member);
    await ok(instance, `mutation($id: ID!) { bookmark(targetId: $id) }`, { id: resource.id }, member);
    expect((await ok(instance, `mutation($id: ID!) { unlike(targetId: $id) { likeCount } }`, { id: resource.id }, stranger)).unlike.likeCount).toBe(1);
    expect((await ok(instance, `mutation($id: ID!) { unbookmark(targetId: $id) }`, { id: resource.id }, stranger)).unbookmark).toBe(false);
    expect((await ok(instance, `{ bookmarks { nodes { id } } }`, {}, member)).bookmarks.nodes).toEqual([{ id: resource.id }]);
  });

  it('refuses anonymous writes', async () => {
    const writes: Array<[string, Record<string, unknown>]> = [
      [JOIN, { id: community.id }],
      [COMMENT, { input: { targetId: resource.id, content: 'Who am I?' } }],
      [`mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: resource.id }],
      [`mutation($id: ID!) { bookmark(targetId: $id) }`, { id: resource.id }],
      [`mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`, { input: { targetId: resource.id, reason: 'x' } }],
      [`mutation($id: ID!) { deleteResource(id: $id) { id } }`, { id: resource.id }],
      [`mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id: comment.id }],
    ];
    for (const [query, variables] of writes) expect(await fails(instance, query, variables), query).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
