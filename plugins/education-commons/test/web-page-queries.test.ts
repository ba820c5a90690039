import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { CREATE_COMMUNITY, CREATE_COLLECTION, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';

const JOIN = `mutation($id: ID!) { joinCommunity(id: $id) { id } }`;
const APPROVE = `mutation($c: ID!, $a: ID!) { approveCommunityMember(communityId: $c, actorId: $a) }`;
const BY_HANDLE = `query($u: String!) {
  community: educationCommunityByUsername(username: $u) {
    id name memberCount viewerRole viewerAwaitsApproval viewerFollows viewerModerates
    resources(first: 5) { nodes { name } }
  }
}`;
const QUEUE = `query($u: String!) { community: educationCommunityByUsername(username: $u) { waitingMembers { actorId actor { username } } openFlags(first: 5) { nodes { id } } } }`;

/** The reads the web pages added to the API: who sees the moderators' queue, where a viewer stands, a subject's resources. */
describe('education-commons page queries', () => {
  let instance: TestInstance;
  let owner: TestUser;
  let asker: TestUser;
  let community: { id: string; username: string };

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    owner = await instance.signUp('owner');
    asker = await instance.signUp('asker');
    community = (await ok(instance, CREATE_COMMUNITY, { input: { name: 'Rural teachers', requiresApproval: true } }, owner)).createCommunity;
    const collection = (await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Maths' } }, owner)).createCollection;
    await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, owner);
  }, 180_000);
  afterAll(() => instance?.close());

  it('finds a community by its handle, with its members counted and its resources', async () => {
    const { community: found } = await ok(instance, BY_HANDLE, { u: community.username });
    expect(found).toMatchObject({ id: community.id, memberCount: 1, viewerRole: null, viewerAwaitsApproval: false, viewerModerates: false });
    expect(found.resources.nodes).toEqual([{ name: LINK_RESOURCE.name }]);
    expect((await ok(instance, BY_HANDLE, { u: 'nobody_here' })).community).toBeNull();
  });

  it('shows a request to join as waiting, to the asker and in the moderators’ queue only', async () => {
    await ok(instance, JOIN, { id: community.id }, asker);
    expect((await ok(instance, BY_HANDLE, { u: community.username }, asker)).community).toMatchObject({ viewerAwaitsApproval: true, viewerRole: null, memberCount: 1 });
    expect(await fails(instance, QUEUE, { u: community.username }, asker)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fails(instance, QUEUE, { u: community.username })).toMatchObject({ code: 'FORBIDDEN' });
    const queue = (await ok(instance, QUEUE, { u: community.username }, owner)).community;
    expect(queue.waitingMembers).toEqual([{ actorId: asker.actorId, actor: { username: 'asker' } }]);

    await ok(instance, APPROVE, { c: community.id, a: asker.actorId }, owner);
    expect((await ok(instance, QUEUE, { u: community.username }, owner)).community.waitingMembers).toEqual([]);
    expect((await ok(instance, BY_HANDLE, { u: community.username }, asker)).community).toMatchObject({ viewerAwaitsApproval: false, viewerRole: 'MEMBER', memberCount: 2 });
  });

  it('says whether the viewer follows a community', async () => {
    await ok(instance, `mutation($t: String!) { follow(target: $t) { __typename } }`, { t: community.username }, asker);
    expect((await ok(instance, BY_HANDLE, { u: community.username }, asker)).community.viewerFollows).toBe(true);
    expect((await ok(instance, BY_HANDLE, { u: community.username }, owner)).community.viewerFollows).toBe(false);
  });

  it('shows moderators what was reported, and nobody else the reports', async () => {
    const { community: found } = await ok(instance, `query($u: String!) { community: educationCommunityByUsername(username: $u) { resources(first: 1) { nodes { id } } } }`, { u: community.username });
    const resourceId = found.resources.nodes[0].id;
    await ok(instance, `mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`, { input: { targetId: resourceId, reason: 'Broken link' } }, asker);
    const reports = `query($u: String!) { community: educationCommunityByUsername(username: $u) { openFlags(first: 5) { nodes { reason targetText } } } }`;
    expect((await ok(instance, reports, { u: community.username }, owner)).community.openFlags.nodes).toEqual([{ reason: 'Broken link', targetText: LINK_RESOURCE.name }]);
    expect(await fails(instance, reports, { u: community.username }, asker)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists a subject’s resources under its broader fields too, and refuses an unknown code', async () => {
    const query = `query($c: String!) { educationSubjectResources(code: $c, first: 5) { nodes { name } } }`;
    for (const code of ['06', '061', '0613']) expect((await ok(instance, query, { c: code })).educationSubjectResources.nodes).toEqual([{ name: LINK_RESOURCE.name }]);
    expect((await ok(instance, query, { c: '05' })).educationSubjectResources.nodes).toEqual([]);
    expect(await fails(instance, query, { c: '99x' })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
