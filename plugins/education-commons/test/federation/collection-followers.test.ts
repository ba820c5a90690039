import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@commonplace/sdk';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { eventually, listeningInstance } from '../support/network.js';

/**
 * A person on B follows only a collection on A: new resources, their edits and deletes all reach B
 * through the collection's Group. Renaming a community or collection updates its Group actor on B.
 */
describe('collection followers and Group actor updates', () => {
  let a: TestInstance;
  let b: TestInstance;
  let alice: TestUser;
  let bob: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string; uri: string };
  let resource: { id: string; uri: string };

  const both = () => [a, b];
  const copyOnB = async (uri: string) =>
    (await ok(b, `{ discover { newestResources(first: 50) { nodes { id uri name level { code } } } } }`, {})).discover.newestResources.nodes.find(
      (node: { uri: string }) => node.uri === uri,
    );
  const followedOnB = async () =>
    (await ok(b, `{ following { nodes { uri displayName } } }`, {}, bob)).following.nodes as { uri: string; displayName: string | null }[];

  beforeAll(async () => {
    a = (await listeningInstance([educationCommonsPlugin], 'Instance A')).instance;
    b = (await listeningInstance([educationCommonsPlugin], 'Instance B')).instance;
    alice = await a.signUp('alice');
    bob = await b.signUp('bob');
    ({ community, collection } = await communityWithCollection(a, alice, 'Curators'));
    await ok(b, `mutation($t: String!) { follow(target: $t) { state } }`, { t: collection.uri }, bob);
    await eventually(both(), async () => (await followedOnB()).some((node) => node.uri === collection.uri));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('brings a new resource, its edit and its delete to a follower of the collection alone', async () => {
    resource = (await ok(a, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice)).createResource;
    const copy = await eventually(both(), () => copyOnB(resource.uri));
    expect(copy).toMatchObject({ name: 'Think Python', level: { code: '3' } });

    await ok(a, `mutation($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }`, { input: { id: resource.id, name: 'Think Python, revised', level: '4' } }, alice);
    const edited = await eventually(both(), async () => {
      const found = await copyOnB(resource.uri);
      return found?.name === 'Think Python, revised' ? found : null;
    });
    expect(edited).toMatchObject({ id: copy.id, level: { code: '4' } });

    await ok(a, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: resource.id }, alice);
    await eventually(both(), async () => (await ok(b, `query($id: ID!) { resource(id: $id) { deleted } }`, { id: copy.id })).resource.deleted);
  });

  it('updates the collection’s Group on B when it is renamed', async () => {
    await ok(a, `mutation($input: EducationUpdateCollectionInput!) { updateCollection(input: $input) { id } }`, { input: { id: collection.id, name: 'Curated picks' } }, alice);
    await eventually(both(), async () => (await followedOnB()).find((node) => node.uri === collection.uri)?.displayName === 'Curated picks');
  });

  it('updates the community’s Group on B when it is renamed', async () => {
    await ok(b, `mutation($t: String!) { follow(target: $t) { state } }`, { t: community.uri }, bob);
    await eventually(both(), async () => (await followedOnB()).some((node) => node.uri === community.uri));
    expect((await followedOnB()).find((node) => node.uri === community.uri)?.displayName).toBe('Curators');
    await ok(a, `mutation($input: EducationUpdateCommunityInput!) { updateCommunity(input: $input) { id } }`, { input: { id: community.id, name: 'Curators of open textbooks' } }, alice);
    await eventually(both(), async () => (await followedOnB()).find((node) => node.uri === community.uri)?.displayName === 'Curators of open textbooks');
    // The Update carries the document served at the Group's id, its replies collection included.
    const { rows } = await sql<{ activity: { object: Record<string, unknown> } }>`
      select activity from core_outbox where activity->>'type' = 'Update' and activity->'object'->>'id' = ${community.uri} order by created_at desc`.execute(a.services.db);
    expect(rows[0]?.activity.object).toMatchObject({ id: community.uri, type: 'Group', name: 'Curators of open textbooks', replies: `${community.uri}/replies` });
  });
});
