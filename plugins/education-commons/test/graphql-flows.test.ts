import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { communityWithCollection, CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, fails, LINK_RESOURCE, ok } from './helpers.js';

describe('education-commons over GraphQL', () => {
  let instance: TestInstance;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  let community: { id: string; uri: string; username: string };
  let collection: { id: string };

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    owner = await instance.signUp('owner');
    member = await instance.signUp('member');
    stranger = await instance.signUp('stranger');
    admin = await instance.createUser('admin', { role: 'admin' });
    ({ community, collection } = await communityWithCollection(instance, owner));
    await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: community.id }, member);
  });
  afterAll(() => instance?.close());

  const count = async (table: string) =>
    Number((await instance.services.db.selectFrom(table as never).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as { n: unknown }).n);

  describe('communities', () => {
    it('makes a community as a Group actor, owned by its creator, and finds it by id', async () => {
      expect(community.uri).toBe(`http://localhost.test/actors/${community.username}`);
      const actor = await instance.inject({ url: `/actors/${community.username}`, headers: { accept: 'application/activity+json' } });
      expect(actor.statusCode).toBe(200);
      expect(actor.json()).toMatchObject({ type: 'Group', name: 'Python teachers' });
      const { community: found } = await ok(instance, `query($id: ID!) { community(id: $id) { name summary viewerRole members { nodes { role approved } } } }`, { id: community.id }, owner);
      expect(found).toMatchObject({ name: 'Python teachers', summary: 'Sharing material.', viewerRole: 'OWNER' });
      expect(found.members.nodes.map((node: { role: string }) => node.role).sort()).toEqual(['MEMBER', 'OWNER']);
    });

    it('refuses an empty name, a bad language tag, an icon that is not http(s) and anonymous creation, storing nothing', async () => {
      const before = await count('education_commons_communities');
      expect(await fails(instance, CREATE_COMMUNITY, { input: { name: '   ', summary: 'x' } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect(await fails(instance, CREATE_COMMUNITY, { input: { name: 'A', language: 'not a tag!' } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
      expect(await fails(instance, CREATE_COMMUNITY, { input: { name: 'A', iconUrl: 'javascript:alert(1)' } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'iconUrl' });
      expect(await fails(instance, CREATE_COMMUNITY, { input: { name: 'A' } })).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await fails(instance, `query { community(id: "nope") { id } }`, {})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(await count('education_commons_communities')).toBe(before);
    });

    it('lets only moderators moderate: a member promoting someone or reading reports is FORBIDDEN', async () => {
      const setRole = `mutation($c: ID!, $a: ID!, $r: EducationCommunityRole!) { setCommunityRole(communityId: $c, actorId: $a, role: $r) }`;
      expect(await fails(instance, setRole, { c: community.id, a: member.actorId, r: 'MODERATOR' }, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails(instance, `query($c: ID!) { communityFlags(communityId: $c) { nodes { id } } }`, { c: community.id }, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails(instance, `mutation($input: EducationUpdateCommunityInput!) { updateCommunity(input: $input) { id } }`, { input: { id: community.id, name: 'Mine now' } }, member)).toMatchObject({ code: 'FORBIDDEN' });
      // The owner promotes; the new moderator may then read reports.
      expect(await ok(instance, setRole, { c: community.id, a: member.actorId, r: 'MODERATOR' }, owner)).toEqual({ setCommunityRole: true });
      await ok(instance, `query($c: ID!) { communityFlags(communityId: $c) { nodes { id } } }`, { c: community.id }, member);
      await ok(instance, setRole, { c: community.id, a: member.actorId, r: 'MEMBER' }, owner);
    });

    it('holds members for approval when the community asks for it', async () => {
      const { createCommunity: gated } = await ok(instance, CREATE_COMMUNITY, { input: { name: 'Gated', requiresApproval: true } }, owner);
      await ok(instance, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id: gated.id }, stranger);
      const role = async () => (await ok(instance, `query($id: ID!) { community(id: $id) { viewerRole } }`, { id: gated.id }, stranger)).community.viewerRole;
      expect(await role()).toBeNull();
      expect(await fails(instance, CREATE_COLLECTION, { input: { communityId: gated.id, name: 'Sneaky' } }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
      await ok(instance, `mutation($c: ID!, $a: ID!) { approveCommunityMember(communityId: $c, actorId: $a) }`, { c: gated.id, a: stranger.actorId }, owner);
      expect(await role()).toBe('MEMBER');
    });
  });

  describe('resources', () => {
    it('creates a link resource with validated, canonical metadata', async () => {
      const { createResource } = await ok(
        instance,
        CREATE_RESOURCE,
        { input: { collectionId: collection.id, ...LINK_RESOURCE, licence: 'cc-by-nc-3.0', language: 'EN-gb', level: 'ISCED 3', type: 'lessonPlan', learningOutcomes: ['Write a loop'] } },
        member,
      );
      expect(createResource).toMatchObject({
        kind: 'LINK',
        licence: { id: 'CC-BY-NC-3.0', url: 'https://spdx.org/licenses/CC-BY-NC-3.0.html' },
        language: 'en-GB',
        level: { code: '3', name: 'Upper secondary education' },
        subject: { code: '0613', name: 'Software and applications development and analysis' },
        type: { code: 'lessonPlan' },
        learningOutcomes: ['Write a loop'],
        deleted: false,
      });
      const { resource } = await ok(instance, `query($id: ID!) { resource(id: $id) { name collection { id } community { id } } }`, { id: createResource.id });
      expect(resource).toMatchObject({ name: 'Think Python', collection: { id: collection.id }, community: { id: community.id } });
    });

    it('gives the instance’s default licence when none is named', async () => {
      const { name: _n, licence: _l, ...rest } = LINK_RESOURCE;
      const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, name: 'No licence named', ...rest } }, owner);
      expect(createResource.licence.id).toBe('CC-BY-4.0');
    });

    it.each([
      ['licence', { licence: 'WTFPL-ish' }, 'CC-BY-4.0'],
      ['language', { language: 'english please' }, 'pt-BR'],
      ['level', { level: '9' }, 'Upper secondary'],
      ['subject', { subject: '0699x' }, '0613'],
      ['type', { type: 'worksheet' }, 'lessonPlan'],
      ['url', { url: 'ftp://example.org/file.pdf' }, null],
      ['url', { url: 'not a url' }, null],
      ['name', { name: '' }, null],
      ['collectionId', { collectionId: 'not-a-uuid' }, null],
    ])('refuses a bad %s with BAD_USER_INPUT (examples listed) and stores nothing', async (field, change, example) => {
      const before = await count('education_commons_resources');
      const error = await fails(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, ...change } }, owner);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
      if (example) {
        expect(error.message).toContain(example);
        expect(error.extensions?.examples).toBeInstanceOf(Array);
      }
      expect(await count('education_commons_resources')).toBe(before);
    });

    it('lets only members add to a community’s collection', async () => {
      expect(await fails(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('edits, copies with lineage and deletes as a Tombstone; a member cannot delete another’s resource', async () => {
      const { createResource: original } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Original' } }, owner);
      const { updateResource } = await ok(
        instance,
        `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { name level { code } subject { code } } }`,
        { input: { id: original.id, name: 'Original, revised', level: '2' } },
        owner,
      );
      expect(updateResource).toEqual({ name: 'Original, revised', level: { code: '2' }, subject: { code: '0613' } });
      expect(
        await fails(instance, `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }`, { input: { id: original.id, subject: '12345' } }, owner),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subject' });

      const { createCollection: personal } = await ok(instance, CREATE_COLLECTION, { input: { name: 'My picks' } }, member);
      const { copyResource } = await ok(
        instance,
        `mutation($input: EducationCopyResourceInput!) { copyResource(input: $input) { id name derivedFromUri derivedFrom { id } collection { id } } }`,
        { input: { resourceId: original.id, collectionId: personal.id } },
        member,
      );
      expect(copyResource).toMatchObject({ name: 'Original, revised', derivedFromUri: original.uri, derivedFrom: { id: original.id }, collection: { id: personal.id } });
      const { resource: withLineage } = await ok(instance, `query($id: ID!) { resource(id: $id) { derivatives { nodes { id } } } }`, { id: original.id });
      expect(withLineage.derivatives.nodes).toEqual([{ id: copyResource.id }]);

      expect(await fails(instance, `mutation($id: ID!) { deleteResource(id: $id) { id } }`, { id: original.id }, member)).toMatchObject({ code: 'FORBIDDEN' });
      const { deleteResource } = await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: original.id }, owner);
      expect(deleteResource.deleted).toBe(true);
      const tombstone = await instance.inject({ url: new URL(original.uri).pathname, headers: { accept: 'application/activity+json' } });
      expect(tombstone.statusCode).toBe(410);
      expect(tombstone.json()).toMatchObject({ id: original.uri, type: 'Tombstone', formerType: 'Page' });
      // Nothing more happens to a tombstone: no comment, no like, no copy.
      expect(await fails(instance, `mutation($input: EducationCommentInput!) { comment(input: $input) { id } }`, { input: { targetId: original.id, content: 'hello?' } }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetId' });
      expect(await fails(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: original.id }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetId' });
    });

    it('serves a resource as a Page in our JSON-LD context, and the context itself', async () => {
      const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, type: 'textbook', learningOutcomes: ['Read code'] } }, owner);
      const response = await instance.inject({ url: new URL(createResource.uri).pathname, headers: { accept: 'application/activity+json' } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        '@context': ['https://www.w3.org/ns/activitystreams', 'http://localhost.test/education-commons/ns/v1.jsonld'],
        type: 'Page',
        name: 'Think Python',
        url: LINK_RESOURCE.url,
        audience: community.uri,
        license: 'https://spdx.org/licenses/CC-BY-NC-3.0.html',
        inLanguage: 'en',
        educationalLevel: { type: 'DefinedTerm', termCode: '3' },
        about: [{ type: 'DefinedTerm', termCode: '0613' }],
        learningResourceType: { termCode: 'textbook', id: 'http://purl.org/dcx/lrmi-vocabs/learningResourceType/textbook' },
        teaches: ['Read code'],
      });
      expect(response.json().content).toContain('Licence: <a href="https://spdx.org/licenses/CC-BY-NC-3.0.html"');
      const html = await instance.inject({ url: new URL(createResource.uri).pathname, headers: { accept: 'text/html' } });
      expect(html.headers['content-type']).toContain('text/html');
      const context = await instance.inject('/education-commons/ns/v1.jsonld');
      expect(context.json()['@context']).toMatchObject({ license: { '@id': 'schema:license' }, teaches: 'schema:teaches' });
    });
  });

  describe('social', () => {
    let resourceId: string;
    beforeAll(async () => {
      resourceId = (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Social' } }, owner)).createResource.id;
    });

    it('likes once, counts, and takes it back', async () => {
      const like = `mutation($id: ID!) { like(targetId: $id) { liked likeCount } }`;
      expect((await ok(instance, like, { id: resourceId }, member)).like).toEqual({ liked: true, likeCount: 1 });
      expect((await ok(instance, like, { id: resourceId }, member)).like).toEqual({ liked: true, likeCount: 1 });
      expect((await ok(instance, like, { id: resourceId }, stranger)).like).toEqual({ liked: true, likeCount: 2 });
      expect((await ok(instance, `query($id: ID!) { resource(id: $id) { likeCount viewerHasLiked } }`, { id: resourceId }, member)).resource).toEqual({ likeCount: 2, viewerHasLiked: true });
      expect((await ok(instance, `mutation($id: ID!) { unlike(targetId: $id) { liked likeCount } }`, { id: resourceId }, stranger)).unlike).toEqual({ liked: false, likeCount: 1 });
      expect(await fails(instance, like, { id: community.id }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetId' });
      expect(await fails(instance, like, { id: crypto.randomUUID() }, member)).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('keeps threads: replies nest under their comment; a reply into another thread is refused', async () => {
      const comment = `mutation($input: EducationCommentInput!) { comment(input: $input) { id inReplyToId content targetKind } }`;
      const { comment: first } = await ok(instance, comment, { input: { targetId: resourceId, content: 'Great for week 1.' } }, member);
      const { comment: reply } = await ok(instance, comment, { input: { targetId: resourceId, content: 'Agreed <b>really</b>', inReplyToId: first.id } }, owner);
      expect(reply).toMatchObject({ inReplyToId: first.id, targetKind: 'RESOURCE', content: 'Agreed <b>really</b>' });
      const { resource } = await ok(instance, `query($id: ID!) { resource(id: $id) { comments { nodes { id replies { nodes { id } } } } } }`, { id: resourceId });
      expect(resource.comments.nodes).toEqual([{ id: first.id, replies: { nodes: [{ id: reply.id }] } }]);
      const { comment: onCommunity } = await ok(instance, comment, { input: { targetId: community.id, content: 'Welcome!' } }, owner);
      expect(await fails(instance, comment, { input: { targetId: community.id, content: 'wrong thread', inReplyToId: first.id } }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inReplyToId' });
      expect(await fails(instance, comment, { input: { targetId: resourceId, content: '  ' } }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
      // A member may not delete someone else's comment; the owner (moderating) may.
      expect(await fails(instance, `mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id: onCommunity.id }, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await ok(instance, `mutation($id: ID!) { deleteComment(id: $id) { deleted content } }`, { id: first.id }, owner)).deleteComment).toEqual({ deleted: true, content: '' });
      expect(await fails(instance, comment, { input: { targetId: resourceId, content: 'late', inReplyToId: first.id } }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inReplyToId' });
    });

    it('flags to the community’s moderators and the instance’s', async () => {
      const { flag } = await ok(instance, `mutation($input: EducationFlagInput!) { flag(input: $input) { id targetKind communityId resolved } }`, { input: { targetId: resourceId, reason: 'Broken link' } }, stranger);
      expect(flag).toMatchObject({ targetKind: 'RESOURCE', communityId: community.id, resolved: false });
      expect(await fails(instance, `mutation($input: EducationFlagInput!) { flag(input: $input) { id } }`, { input: { targetId: resourceId, reason: '' } }, stranger)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      const { communityFlags } = await ok(instance, `query($c: ID!) { communityFlags(communityId: $c) { nodes { id reason } } }`, { c: community.id }, owner);
      expect(communityFlags.nodes).toContainEqual({ id: flag.id, reason: 'Broken link' });
      expect(await fails(instance, `{ flags { nodes { id } } }`, {}, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await ok(instance, `{ flags { nodes { id } } }`, {}, admin)).flags.nodes).toContainEqual({ id: flag.id });
      expect(await fails(instance, `mutation($id: ID!) { resolveFlag(id: $id) { id } }`, { id: flag.id }, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await ok(instance, `mutation($id: ID!) { resolveFlag(id: $id) { resolved } }`, { id: flag.id }, owner)).resolveFlag.resolved).toBe(true);
    });

    it('bookmarks privately', async () => {
      await ok(instance, `mutation($id: ID!) { bookmark(targetId: $id) }`, { id: resourceId }, stranger);
      expect((await ok(instance, `{ bookmarks { nodes { id } } }`, {}, stranger)).bookmarks.nodes).toEqual([{ id: resourceId }]);
      expect((await ok(instance, `{ bookmarks { nodes { id } } }`, {}, member)).bookmarks.nodes).toEqual([]);
    });
  });

  describe('discover and feeds', () => {
    it('features what admins choose, lists newest, most liked and active, and feeds a viewer by subject', async () => {
      expect(await fails(instance, `mutation($id: ID!) { featureCommunity(id: $id, featured: true) { id } }`, { id: community.id }, owner)).toMatchObject({ code: 'FORBIDDEN' });
      await ok(instance, `mutation($id: ID!) { featureCommunity(id: $id, featured: true) { featured } }`, { id: community.id }, admin);
      const { createCommunity: maths } = await ok(instance, CREATE_COMMUNITY, { input: { name: 'Maths' } }, stranger);
      const { createCollection: algebra } = await ok(instance, CREATE_COLLECTION, { input: { communityId: maths.id, name: 'Algebra' } }, stranger);
      const { createResource: maths1 } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: algebra.id, ...LINK_RESOURCE, name: 'Linear equations', subject: '0541' } }, stranger);
      await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: maths1.id }, owner);
      await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: maths1.id }, member);
      await ok(instance, `mutation($id: ID!) { like(targetId: $id) { liked } }`, { id: maths1.id }, admin);

      const { discover } = await ok(
        instance,
        `{ discover {
            featuredCommunities { nodes { id } }
            newestResources(first: 1) { nodes { id } pageInfo { hasNextPage } }
            mostLikedResources(first: 1) { nodes { id likeCount } }
            activeCommunities(first: 1) { nodes { id } }
        } }`,
        {},
      );
      expect(discover.featuredCommunities.nodes).toEqual([{ id: community.id }]);
      expect(discover.newestResources).toEqual({ nodes: [{ id: maths1.id }], pageInfo: { hasNextPage: true } });
      expect(discover.mostLikedResources.nodes).toEqual([{ id: maths1.id, likeCount: 3 }]);
      expect(discover.activeCommunities.nodes).toEqual([{ id: maths.id }]);
      expect(await fails(instance, `{ discover { newestResources(first: 1000) { nodes { id } } } }`, {})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });

      // Following the broad field 05 brings 0541 into the admin's feed; the admin is in no community.
      const feed = async () => (await ok(instance, `{ feed(first: 50) { nodes { id } } }`, {}, admin)).feed.nodes.map((node: { id: string }) => node.id);
      expect(await feed()).not.toContain(maths1.id);
      expect(await fails(instance, `mutation { followSubject(code: "0599x") { code } }`, {}, admin)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subject' });
      expect((await ok(instance, `mutation { followSubject(code: "05") { code name } }`, {}, admin)).followSubject).toEqual({ code: '05', name: 'Natural sciences, mathematics and statistics' });
      expect(await feed()).toContain(maths1.id);
      const { feed: communityFeed } = await ok(instance, `query($c: ID!) { feed(communityId: $c) { nodes { id } } }`, { c: maths.id });
      expect(communityFeed.nodes).toEqual([{ id: maths1.id }]);
      const { feed: collectionFeed } = await ok(instance, `query($c: ID!) { feed(collectionId: $c) { nodes { id } } }`, { c: algebra.id });
      expect(collectionFeed.nodes).toEqual([{ id: maths1.id }]);
    });
  });

  describe('collections', () => {
    it('lets its maker or a moderator edit and delete a collection, its resources becoming tombstones', async () => {
      const { createCollection: made } = await ok(instance, CREATE_COLLECTION, { input: { communityId: community.id, name: 'Drafts' } }, member);
      const { createResource: inside } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: made.id, ...LINK_RESOURCE, name: 'Draft' } }, member);
      const update = `mutation($input: EducationUpdateCollectionInput!) { updateCollection(input: $input) { name } }`;
      expect(await fails(instance, update, { input: { id: made.id, name: 'Mine' } }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails(instance, update, { input: { id: made.id, name: '' } }, member)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      expect((await ok(instance, update, { input: { id: made.id, name: 'Drafts, sorted' } }, member)).updateCollection.name).toBe('Drafts, sorted');
      expect(await fails(instance, `mutation($id: ID!) { deleteCollection(id: $id) }`, { id: made.id }, stranger)).toMatchObject({ code: 'FORBIDDEN' });
      await ok(instance, `mutation($id: ID!) { deleteCollection(id: $id) }`, { id: made.id }, owner);
      expect((await ok(instance, `query($id: ID!) { resource(id: $id) { deleted collection { id } } }`, { id: inside.id })).resource).toEqual({ deleted: true, collection: null });
    });
  });

  describe('deleting a community', () => {
    it('moves its collections and resources to another community, or deletes them, in one go', async () => {
      const made = await communityWithCollection(instance, owner, 'Short-lived');
      const { createResource: kept } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: made.collection.id, ...LINK_RESOURCE, name: 'Kept' } }, owner);
      const remove = `mutation($input: EducationDeleteCommunityInput!) { deleteCommunity(input: $input) }`;
      expect(await fails(instance, remove, { input: { id: made.community.id, contents: 'DELETE' } }, member)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fails(instance, remove, { input: { id: made.community.id, contents: 'MOVE' } }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'moveToCommunityId' });
      expect(await ok(instance, remove, { input: { id: made.community.id, contents: 'MOVE', moveToCommunityId: community.id } }, owner)).toEqual({ deleteCommunity: true });
      expect((await ok(instance, `query($id: ID!) { community(id: $id) { id } }`, { id: made.community.id })).community).toBeNull();
      expect((await ok(instance, `query($id: ID!) { resource(id: $id) { deleted community { id } collection { communityId } } }`, { id: kept.id })).resource).toEqual({
        deleted: false,
        community: { id: community.id },
        collection: { communityId: community.id },
      });
      // Its Group actor is gone: core answers 410 (a Tombstone) for it.
      expect((await instance.inject({ url: `/actors/${made.community.username}`, headers: { accept: 'application/activity+json' } })).statusCode).toBe(410);

      const doomed = await communityWithCollection(instance, owner, 'Doomed');
      const { createResource: gone } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: doomed.collection.id, ...LINK_RESOURCE, name: 'Gone' } }, owner);
      await ok(instance, remove, { input: { id: doomed.community.id, contents: 'DELETE' } }, owner);
      expect((await ok(instance, `query($id: ID!) { resource(id: $id) { deleted community { id } } }`, { id: gone.id })).resource).toEqual({ deleted: true, community: null });
      expect((await ok(instance, `query($id: ID!) { collection(id: $id) { id } }`, { id: doomed.collection.id })).collection).toBeNull();
    });
  });
});
