import { asValue } from 'awilix';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestUser } from '@commonplace/sdk/testing';
import { LIFECYCLE_DELIVERY_JOB, registerLifecycleSubscribers } from '../../../../core/src/kernel/lifecycle-events.js';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, PUBLIC_URL, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type Published, type RemoteServer } from '../inbox/helpers.js';

const FOLLOW = `mutation($target: String!) { follow(target: $target) { id state } }`;
const UNFOLLOW = `mutation($target: String!) { unfollow(target: $target) }`;

interface Emitted {
  event: string;
  payload: { followerUri: string; followedUri: string };
}

describe('follow.accepted and follow.removed lifecycle events', () => {
  let instance: CoreTestInstance;
  let published: Published[];
  let server: RemoteServer;
  let alice: TestUser;
  let bella: TestUser;
  const events: Emitted[] = [];
  const aliceUri = `${PUBLIC_URL}/actors/alice`;
  const bellaUri = `${PUBLIC_URL}/actors/bella`;

  beforeAll(async () => {
    ({ instance, published } = await federationTestInstance());
    // The follows read the container's jobs port at each call: a recorder in front of it sees each event queued.
    // One plugin ("listener") handles the follow events: each is queued once, as its delivery.
    const jobs = instance.running.services.jobs;
    const recording = {
      ...jobs,
      enqueue: async (name: string, payload: unknown, options?: never) => {
        if (name === LIFECYCLE_DELIVERY_JOB) {
          const { plugin, ...event } = payload as Emitted & { plugin: string };
          expect(plugin).toBe('listener');
          events.push(event);
        }
        return jobs.enqueue(name, payload, options);
      },
    };
    registerLifecycleSubscribers(recording, (event) => (event.startsWith('follow.') ? ['listener'] : []));
    instance.running.container.register({ jobs: asValue(recording) } as never);
    server = await startRemoteServer();
    alice = await instance.signUp('alice');
    bella = await instance.signUp('bella');
  });
  beforeEach(() => {
    events.length = 0;
  });
  afterAll(async () => {
    await instance?.close();
    await server?.close();
  });

  it('a local follow accepted at once, then unfollowed', async () => {
    expect((await instance.graphql(FOLLOW, { target: 'bella' }, { as: alice })).data.follow.state).toBe('ACCEPTED');
    expect(events).toEqual([{ event: 'follow.accepted', payload: { followerUri: aliceUri, followedUri: bellaUri } }]);
    // Following again changes nothing, and says nothing.
    await instance.graphql(FOLLOW, { target: 'bella' }, { as: alice });
    expect(events).toHaveLength(1);
    expect((await instance.graphql(UNFOLLOW, { target: 'bella' }, { as: alice })).data.unfollow).toBe(true);
    expect(events.at(-1)).toEqual({ event: 'follow.removed', payload: { followerUri: aliceUri, followedUri: bellaUri } });
  });

  it('our Follow of a remote actor: nothing while pending, accepted on its Accept, removed on a later Reject', async () => {
    const bob = remoteActor(server, 'bob', { manuallyApprovesFollowers: true });
    await instance.graphql(FOLLOW, { target: bob.id }, { as: alice });
    expect(events).toEqual([]);
    const follow = published.at(-1)!.activity;
    const accept = { '@context': AS_CONTEXT, id: activityId(bob), type: 'Accept', actor: bob.id, object: follow };
    expect((await postActivity(instance, bob, accept, '/actors/alice/inbox')).statusCode).toBe(202);
    expect(events).toEqual([{ event: 'follow.accepted', payload: { followerUri: aliceUri, followedUri: bob.id } }]);
    // A second Accept of the same Follow is no second event.
    await postActivity(instance, bob, { ...accept, id: activityId(bob) }, '/actors/alice/inbox');
    expect(events).toHaveLength(1);
    const reject = { '@context': AS_CONTEXT, id: activityId(bob), type: 'Reject', actor: bob.id, object: follow.id };
    expect((await postActivity(instance, bob, reject, '/actors/alice/inbox')).statusCode).toBe(202);
    expect(events.at(-1)).toEqual({ event: 'follow.removed', payload: { followerUri: aliceUri, followedUri: bob.id } });
  });

  it('a withdrawn request that was never accepted says nothing', async () => {
    const cleo = remoteActor(server, 'cleo', { manuallyApprovesFollowers: true });
    await instance.graphql(FOLLOW, { target: cleo.id }, { as: bella });
    await instance.graphql(UNFOLLOW, { target: cleo.id }, { as: bella });
    expect(events).toEqual([]);
  });

  it('a remote Follow of a local actor accepted at once, then its Undo', async () => {
    const dora = remoteActor(server, 'dora');
    const follow = { '@context': AS_CONTEXT, id: activityId(dora), type: 'Follow', actor: dora.id, object: bellaUri };
    expect((await postActivity(instance, dora, follow, '/actors/bella/inbox')).statusCode).toBe(202);
    expect(events).toEqual([{ event: 'follow.accepted', payload: { followerUri: dora.id, followedUri: bellaUri } }]);
    // The same Follow again (a lost Accept) is answered, but the follow was already accepted.
    await postActivity(instance, dora, { ...follow, id: activityId(dora) }, '/actors/bella/inbox');
    expect(events).toHaveLength(1);
    const undo = { '@context': AS_CONTEXT, id: activityId(dora), type: 'Undo', actor: dora.id, object: follow };
    expect((await postActivity(instance, dora, undo, '/actors/bella/inbox')).statusCode).toBe(202);
    expect(events.at(-1)).toEqual({ event: 'follow.removed', payload: { followerUri: dora.id, followedUri: bellaUri } });
  });

  it('a block ends follows both ways, one event each', async () => {
    const emil = remoteActor(server, 'emil');
    const follow = { '@context': AS_CONTEXT, id: activityId(emil), type: 'Follow', actor: emil.id, object: aliceUri };
    await postActivity(instance, emil, follow, '/actors/alice/inbox');
    await instance.graphql(FOLLOW, { target: emil.id }, { as: alice });
    const accept = { '@context': AS_CONTEXT, id: activityId(emil), type: 'Accept', actor: emil.id, object: published.at(-1)!.activity };
    await postActivity(instance, emil, accept, '/actors/alice/inbox');
    expect(events.filter((e) => e.event === 'follow.accepted')).toHaveLength(2);
    await instance.graphql(`mutation($t: String!) { block(target: $t) { uri } }`, { t: emil.id }, { as: alice });
    const removed = events.filter((e) => e.event === 'follow.removed').map((e) => e.payload);
    expect(removed).toHaveLength(2);
    expect(removed).toEqual(
      expect.arrayContaining([
        { followerUri: emil.id, followedUri: aliceUri },
        { followerUri: aliceUri, followedUri: emil.id },
      ]),
    );
  });

  it('rejecting a whole domain removes its follows, one event each', async () => {
    const fern = remoteActor(server, 'fern');
    await postActivity(instance, fern, { '@context': AS_CONTEXT, id: activityId(fern), type: 'Follow', actor: fern.id, object: bellaUri }, '/actors/bella/inbox');
    expect(events).toHaveLength(1);
    const admin = await instance.createUser('root', { role: 'admin' });
    const blocked = await instance.graphql(`mutation($d: String!) { blockDomain(domain: $d, severity: REJECT) { domain } }`, { d: server.host }, { as: admin });
    expect(blocked.errors).toBeUndefined();
    expect(events.filter((e) => e.event === 'follow.removed').map((e) => e.payload)).toContainEqual({ followerUri: fern.id, followedUri: bellaUri });
    await instance.graphql(`mutation($d: String!) { unblockDomain(domain: $d) }`, { d: server.host }, { as: admin });
  });

  it('accepting a request by hand is accepted; rejecting an accepted follower is removed', async () => {
    await instance.running.services.actors.createLocal({ type: 'Group', username: 'growers', manuallyApprovesFollowers: true, ownerAccountId: bella.accountId });
    const growersUri = `${PUBLIC_URL}/actors/growers`;
    const asked = await instance.graphql(FOLLOW, { target: 'growers' }, { as: alice });
    expect(asked.data.follow.state).toBe('PENDING');
    expect(events).toEqual([]);
    const accepted = await instance.graphql(`mutation($id: ID!) { acceptFollowRequest(id: $id) { id } }`, { id: asked.data.follow.id }, { as: bella });
    expect(accepted.errors).toBeUndefined();
    expect(events).toEqual([{ event: 'follow.accepted', payload: { followerUri: aliceUri, followedUri: growersUri } }]);
    const rejected = await instance.graphql(`mutation($id: ID!) { rejectFollowRequest(id: $id) { id } }`, { id: asked.data.follow.id }, { as: bella });
    expect(rejected.errors).toBeUndefined();
    expect(events.at(-1)).toEqual({ event: 'follow.removed', payload: { followerUri: aliceUri, followedUri: growersUri } });
  });
});
