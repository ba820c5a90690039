import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '@commonplace/sdk/testing';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import {
  AS_CONTEXT,
  PUBLIC_URL,
  activityId,
  federationTestInstance,
  postActivity,
  remoteActor,
  startRemoteServer,
  type Published,
  type RemoteServer,
} from '../inbox/helpers.js';

const FOLLOW = `mutation($target: String!) { follow(target: $target) { id state follower { uri } followed { uri handle local } } }`;

describe('follows and blocks through GraphQL', () => {
  let instance: CoreTestInstance;
  let published: Published[];
  let server: RemoteServer;
  let alice: TestUser;
  let bella: TestUser;
  const aliceUri = `${PUBLIC_URL}/actors/alice`;

  beforeAll(async () => {
    ({ instance, published } = await federationTestInstance());
    server = await startRemoteServer();
    alice = await instance.signUp('alice');
    bella = await instance.signUp('bella');
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  it('follows a remote actor by handle: PENDING and a Follow published, ACCEPTED when its Accept arrives', async () => {
    const bob = remoteActor(server, 'bob', { manuallyApprovesFollowers: true });
    const { data, errors } = await instance.graphql(FOLLOW, { target: `@bob@${server.host}` }, { as: alice });
    expect(errors).toBeUndefined();
    expect(data.follow).toMatchObject({ state: 'PENDING', follower: { uri: aliceUri }, followed: { uri: bob.id, handle: `@bob@${server.host}`, local: false } });
    const sent = published.at(-1)!;
    expect(sent).toMatchObject({ actorId: alice.actorId, audience: { kind: 'direct', to: [bob.id] }, activity: { type: 'Follow', actor: aliceUri, object: bob.id } });

    // The same follow again is the same follow, with nothing sent twice.
    const again = await instance.graphql(FOLLOW, { target: bob.id }, { as: alice });
    expect(again.data.follow.id).toBe(data.follow.id);
    expect(published.filter((entry) => entry.activity.type === 'Follow')).toHaveLength(1);

    const accept = { '@context': AS_CONTEXT, id: activityId(bob), type: 'Accept', actor: bob.id, object: sent.activity };
    expect((await postActivity(instance, bob, accept, '/actors/alice/inbox')).statusCode).toBe(202);
    const following = await instance.graphql(`{ following { nodes { uri } pageInfo { hasNextPage } } }`, {}, { as: alice });
    expect(following.data.following).toEqual({ nodes: [{ uri: bob.id }], pageInfo: { hasNextPage: false } });

    // Unfollowing sends Undo(Follow) naming the original Follow.
    const unfollow = await instance.graphql(`mutation($t: String!) { unfollow(target: $t) }`, { t: bob.id }, { as: alice });
    expect(unfollow.data.unfollow).toBe(true);
    expect(published.at(-1)!.activity).toMatchObject({ type: 'Undo', actor: aliceUri, object: { type: 'Follow', id: sent.activity.id } });
  });

  it('a Reject of our Follow removes it', async () => {
    const carl = remoteActor(server, 'carl');
    await instance.graphql(FOLLOW, { target: carl.id }, { as: bella });
    const sent = published.at(-1)!;
    const reject = { '@context': AS_CONTEXT, id: activityId(carl), type: 'Reject', actor: carl.id, object: sent.activity.id };
    expect((await postActivity(instance, carl, reject)).statusCode).toBe(202);
    const following = await instance.graphql(`{ following { nodes { uri } } }`, {}, { as: bella });
    expect(following.data.following.nodes).toEqual([]);
  });

  it('follows a local user directly, by username', async () => {
    const { data } = await instance.graphql(FOLLOW, { target: 'bella' }, { as: alice });
    expect(data.follow).toMatchObject({ state: 'ACCEPTED', followed: { uri: `${PUBLIC_URL}/actors/bella`, local: true, handle: '@bella@localhost.test' } });
    const followers = await instance.graphql(`{ followers(first: 5) { edges { cursor node { uri } } } }`, {}, { as: bella });
    expect(followers.data.followers.edges.map((edge: { node: { uri: string } }) => edge.node.uri)).toEqual([aliceUri]);
  });

  it('says BAD_USER_INPUT on target for a malformed handle, and NOT_FOUND or SERVICE_UNAVAILABLE for unreachable remotes', async () => {
    const malformed = await instance.graphql(FOLLOW, { target: '@not a handle@' }, { as: alice });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target' });

    const missing = await instance.graphql(FOLLOW, { target: `${server.origin}/users/nobody` }, { as: alice });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'target' });
    expect(missing.errors?.[0]?.message).toMatch(/404/);

    const closed = await startRemoteServer();
    await closed.close();
    const down = await instance.graphql(FOLLOW, { target: `${closed.origin}/users/x` }, { as: alice });
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', field: 'target' });

    const anonymous = await instance.graphql(FOLLOW, { target: 'bella' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('blocks and unblocks a remote actor, telling it, and ending follows both ways', async () => {
    const dan = remoteActor(server, 'dan');
    const follow = { '@context': AS_CONTEXT, id: activityId(dan), type: 'Follow', actor: dan.id, object: aliceUri };
    expect((await postActivity(instance, dan, follow)).statusCode).toBe(202);
    const blocked = await instance.graphql(`mutation($t: String!) { block(target: $t) { uri } }`, { t: dan.id }, { as: alice });
    expect(blocked.data.block.uri).toBe(dan.id);
    expect(published.at(-1)!.activity).toMatchObject({ type: 'Block', actor: aliceUri, object: dan.id });
    const followers = await instance.graphql(`{ followers { nodes { uri } } }`, {}, { as: alice });
    expect(followers.data.followers.nodes.map((node: { uri: string }) => node.uri)).not.toContain(dan.id);

    // While blocked, dan's Follow is dropped.
    const again = { ...follow, id: activityId(dan) };
    expect((await postActivity(instance, dan, again, '/actors/alice/inbox')).statusCode).toBe(202);
    expect(await instance.running.database.db.selectFrom('core_follows').select('id').where('activity_uri', '=', again.id).executeTakeFirst()).toBeUndefined();

    const unblocked = await instance.graphql(`mutation($t: String!) { unblock(target: $t) }`, { t: dan.id }, { as: alice });
    expect(unblocked.data.unblock).toBe(true);
    expect(published.at(-1)!.activity).toMatchObject({ type: 'Undo', object: { type: 'Block', object: dan.id } });
  });

  it('lets only admins manage domain blocks', async () => {
    const refused = await instance.graphql(`mutation { blockDomain(domain: "spam.example", severity: SILENCE) { domain } }`, {}, { as: alice });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await instance.createUser('admin', { role: 'admin' });
    const made = await instance.graphql(`mutation { blockDomain(domain: "https://Spam.Example/", severity: SILENCE, reason: "noise") { domain severity reason } }`, {}, { as: admin });
    expect(made.data.blockDomain).toEqual({ domain: 'spam.example', severity: 'SILENCE', reason: 'noise' });
    const listed = await instance.graphql(`{ domainBlocks { domain severity } }`, {}, { as: admin });
    expect(listed.data.domainBlocks).toEqual([{ domain: 'spam.example', severity: 'SILENCE' }]);
    const bad = await instance.graphql(`mutation { blockDomain(domain: "not a domain/x", severity: REJECT) { domain } }`, {}, { as: admin });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'domain' });
    const removed = await instance.graphql(`mutation { unblockDomain(domain: "spam.example") }`, {}, { as: admin });
    expect(removed.data.unblockDomain).toBe(true);
  });
});
