import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject, type Services } from '@commonplace/sdk/internal';
import { ManualClock } from '@commonplace/sdk/testing';
import type { CoreTestInstance, } from '../../../../core/src/testing/index.js';
import type { TestUser } from '@commonplace/sdk/testing';
import {
  AS_CONTEXT,
  PUBLIC_URL,
  activityId,
  federationTestInstance,
  postActivity,
  remoteActor,
  rowCounts,
  signedPost,
  startRemoteServer,
  type Published,
  type RemoteActor,
  type RemoteServer,
} from './helpers.js';

const received: Array<{ verb: string; activity: ActivityPubObject; object: ActivityPubObject; inTransaction: boolean }> = [];

// Boot order: the first plugin claims Notes but declines these; the second takes them.
const declining = definePlugin({
  id: 'declining',
  version: '1.0.0',
  federation: { objects: [{ types: ['Note'], matches: () => false, on: { Create: async () => { throw new Error('must not be called'); } } }] },
});
const notesHandler = definePlugin({
  id: 'note-handler',
  version: '1.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        matches: (object) => typeof object.content === 'string',
        on: {
          Create: async (activity, object, services: Services) => {
            received.push({ verb: 'Create', activity, object, inTransaction: services.db.isTransaction });
          },
        },
      },
    ],
  },
});

describe('the inbox', () => {
  let instance: CoreTestInstance;
  let published: Published[];
  let server: RemoteServer;
  let blockedServer: RemoteServer;
  let bob: RemoteActor;
  let alice: TestUser;
  const aliceUri = `${PUBLIC_URL}/actors/alice`;

  beforeAll(async () => {
    ({ instance, published } = await federationTestInstance({
      plugins: [declining, notesHandler],
      settings: { federation: { inboxBodyLimitBytes: 4096 } },
    }));
    server = await startRemoteServer();
    blockedServer = await startRemoteServer();
    bob = remoteActor(server, 'bob');
    alice = await instance.signUp('alice');
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
    await blockedServer.close();
  });

  const db = () => instance.running.database.db;
  const follow = (actor: RemoteActor, object = aliceUri) => ({ '@context': AS_CONTEXT, id: activityId(actor), type: 'Follow', actor: actor.id, object });

  it('stores a valid Follow and publishes an Accept to the follower', async () => {
    const activity = follow(bob);
    const response = await postActivity(instance, bob, activity, '/actors/alice/inbox');
    expect(response.statusCode).toBe(202);
    const row = await db().selectFrom('core_follows').selectAll().where('activity_uri', '=', activity.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('accepted');
    const accept = published.find((entry) => entry.activity.type === 'Accept');
    expect(accept).toMatchObject({ actorId: alice.actorId, audience: { kind: 'direct', to: [bob.id] } });
    expect(accept!.activity).toMatchObject({ actor: aliceUri, object: { id: activity.id, type: 'Follow', actor: bob.id, object: aliceUri } });
    // The remote actor was cached with its key.
    const cached = await db().selectFrom('core_actors').selectAll().where('uri', '=', bob.id).executeTakeFirstOrThrow();
    expect(cached).toMatchObject({ domain: server.host, username: 'bob', inbox_url: `${bob.id}/inbox`, shared_inbox_url: `${server.origin}/inbox` });
  });

  it('removes a follow on Undo(Follow)', async () => {
    const carol = remoteActor(server, 'carol');
    const activity = follow(carol);
    expect((await postActivity(instance, carol, activity)).statusCode).toBe(202);
    expect(await db().selectFrom('core_follows').select('id').where('activity_uri', '=', activity.id).executeTakeFirst()).toBeDefined();
    const undo = { '@context': AS_CONTEXT, id: activityId(carol), type: 'Undo', actor: carol.id, object: activity };
    expect((await postActivity(instance, carol, undo)).statusCode).toBe(202);
    expect(await db().selectFrom('core_follows').select('id').where('activity_uri', '=', activity.id).executeTakeFirst()).toBeUndefined();
  });

  it('holds a follow of an actor who approves followers, until acceptFollowRequest publishes the Accept', async () => {
    const dana = await instance.signUp('dana');
    await db().updateTable('core_actors').set({ manually_approves_followers: true }).where('id', '=', dana.actorId).execute();
    const erin = remoteActor(server, 'erin');
    const activity = follow(erin, `${PUBLIC_URL}/actors/dana`);
    const before = published.length;
    expect((await postActivity(instance, erin, activity, '/actors/dana/inbox')).statusCode).toBe(202);
    expect(published.length).toBe(before);
    const requests = await instance.graphql(`{ followRequests { nodes { id state follower { uri handle local } } } }`, {}, { as: dana });
    expect(requests.errors).toBeUndefined();
    expect(requests.data.followRequests.nodes).toEqual([
      { id: expect.any(String), state: 'PENDING', follower: { uri: erin.id, handle: `@erin@${server.host}`, local: false } },
    ]);
    const id = requests.data.followRequests.nodes[0].id;
    // Only the followed actor's owner decides.
    const other = await instance.graphql(`mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id }, { as: alice });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const accepted = await instance.graphql(`mutation($id: ID!) { acceptFollowRequest(id: $id) { state } }`, { id }, { as: dana });
    expect(accepted.data.acceptFollowRequest.state).toBe('ACCEPTED');
    expect(published.at(-1)).toMatchObject({ actorId: dana.actorId, activity: { type: 'Accept', object: { id: activity.id } }, audience: { to: [erin.id] } });
    const followers = await instance.graphql(`{ followers { nodes { uri } } }`, {}, { as: dana });
    expect(followers.data.followers.nodes).toEqual([{ uri: erin.id }]);
  });

  it('refuses an unsigned request with 401 and stores nothing', async () => {
    const before = await rowCounts(instance);
    const response = await instance.inject({
      method: 'POST',
      url: '/inbox',
      headers: { 'content-type': 'application/activity+json', host: 'localhost.test' },
      payload: JSON.stringify(follow(bob)),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/signature/);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses an expired signature with 401', async () => {
    const before = await rowCounts(instance);
    const old = new ManualClock(new Date(Date.now() - 13 * 3600 * 1000));
    const response = await postActivity(instance, bob, follow(bob), '/inbox', { clock: old });
    expect(response.statusCode).toBe(401);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('answers a replay of the same id with 202 and handles it once', async () => {
    const frank = remoteActor(server, 'frank');
    const activity = follow(frank);
    const before = published.length;
    expect((await postActivity(instance, frank, activity)).statusCode).toBe(202);
    expect((await postActivity(instance, frank, activity)).statusCode).toBe(202);
    expect(published.length).toBe(before + 1);
    const seen = await db().selectFrom('core_inbox_seen').select('activity_uri').where('activity_uri', '=', activity.id).execute();
    expect(seen).toHaveLength(1);
  });

  it('refuses a tampered body (digest mismatch) with 401', async () => {
    const before = await rowCounts(instance);
    const activity = follow(bob);
    const response = await postActivity(instance, bob, activity, '/inbox', { sendBody: JSON.stringify({ ...activity, object: `${PUBLIC_URL}/actors/dana` }) });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/digest/i);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses a body over the limit with 413', async () => {
    const before = await rowCounts(instance);
    const response = await postActivity(instance, bob, { ...follow(bob), padding: 'x'.repeat(5000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/4096 bytes/);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const before = await rowCounts(instance);
    const response = await signedPost(instance, '/inbox', 'this is not json', { keyId: bob.keyId, privateKeyPem: bob.keys.privateKeyPem });
    expect(response.statusCode).toBe(400);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses JSON-LD without the ActivityStreams context with 400', async () => {
    const before = await rowCounts(instance);
    const { ['@context']: _context, ...bare } = follow(bob);
    const response = await postActivity(instance, bob, { ...bare, '@context': 'https://schema.org/' }, '/inbox', { contentType: 'application/ld+json; profile="x"' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/ActivityStreams context/);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses a Create whose object claims another host, storing nothing and calling no handler', async () => {
    const before = await rowCounts(instance);
    const calls = received.length;
    const response = await postActivity(instance, bob, {
      '@context': AS_CONTEXT,
      id: activityId(bob),
      type: 'Create',
      actor: bob.id,
      object: { id: 'https://elsewhere.example/notes/1', type: 'Note', content: 'hi', attributedTo: bob.id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/origin mismatch/);
    expect(received.length).toBe(calls);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses (401) a key whose owner does not list it, storing nothing', async () => {
    const mallory = remoteActor(server, 'mallory');
    const stray = remoteActor(server, 'stray-keys');
    // A standalone key document naming mallory as owner; mallory's actor lists another key.
    const keyId = `${server.origin}/keys/stray`;
    server.serve('/keys/stray', { '@context': [AS_CONTEXT, 'https://w3id.org/security/v1'], id: keyId, type: 'Key', owner: mallory.id, publicKeyPem: stray.keys.publicKeyPem });
    const before = await rowCounts(instance);
    const response = await signedPost(instance, '/inbox', follow(mallory), { keyId, privateKeyPem: stray.keys.privateKeyPem });
    expect(response.statusCode).toBe(401);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refuses (401) a signer who is not the activity’s actor', async () => {
    const before = await rowCounts(instance);
    const response = await postActivity(instance, bob, follow(remoteActor(server, 'victim')));
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/actor/);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('drops (202) what comes from a blocked domain', async () => {
    const admin = await instance.createUser('root', { role: 'admin' });
    const blocked = await instance.graphql(
      `mutation($domain: String!) { blockDomain(domain: $domain, severity: REJECT, reason: "spam") { domain severity } }`,
      { domain: blockedServer.host },
      { as: admin },
    );
    expect(blocked.data.blockDomain).toEqual({ domain: blockedServer.host, severity: 'REJECT' });
    const spammer = remoteActor(blockedServer, 'spammer');
    const before = await rowCounts(instance);
    const beforePublished = published.length;
    const response = await postActivity(instance, spammer, follow(spammer));
    expect(response.statusCode).toBe(202);
    const after = await rowCounts(instance);
    // The key fetch cached the actor; nothing of the activity was stored.
    expect({ ...after, core_actors: 0, core_actor_keys: 0 }).toEqual({ ...before, core_actors: 0, core_actor_keys: 0 });
    expect(published.length).toBe(beforePublished);
  });

  it('accepts and ignores a Delete of an actor it never knew', async () => {
    const ghost = remoteActor(server, 'ghost');
    server.serve('/users/ghost', { error: 'gone' }, { status: 410 });
    const before = await rowCounts(instance);
    const response = await postActivity(instance, ghost, { '@context': AS_CONTEXT, id: `${ghost.id}#delete`, type: 'Delete', actor: ghost.id, object: ghost.id });
    expect(response.statusCode).toBe(202);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('deletes a known actor on Delete(actor) and drops its follows', async () => {
    const gina = remoteActor(server, 'gina');
    expect((await postActivity(instance, gina, follow(gina))).statusCode).toBe(202);
    const response = await postActivity(instance, gina, { '@context': AS_CONTEXT, id: `${gina.id}#delete`, type: 'Delete', actor: gina.id, object: gina.id });
    expect(response.statusCode).toBe(202);
    const row = await db().selectFrom('core_actors').select(['id', 'deleted_at']).where('uri', '=', gina.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(await db().selectFrom('core_follows').select('id').where('follower_id', '=', row.id).execute()).toEqual([]);
  });

  it('answers 202 to an activity type nobody handles', async () => {
    const response = await postActivity(instance, bob, { '@context': AS_CONTEXT, id: activityId(bob), type: 'EmojiReact', actor: bob.id, object: aliceUri, content: '🌊' });
    expect(response.statusCode).toBe(202);
  });

  it('routes a Create(Note) to the first plugin handler whose type and matches fit, in the transaction', async () => {
    const note = { id: `${server.origin}/notes/1`, type: 'Note', content: '<p>hello</p>', attributedTo: bob.id, to: [aliceUri] };
    const activity = { '@context': AS_CONTEXT, id: activityId(bob), type: 'Create', actor: bob.id, object: note };
    const response = await postActivity(instance, bob, activity, '/actors/alice/inbox');
    expect(response.statusCode).toBe(202);
    expect(received.at(-1)).toMatchObject({ verb: 'Create', activity: { id: activity.id }, object: note, inTransaction: true });
  });

  it('files a Flag as a report that moderators list', async () => {
    const response = await postActivity(instance, bob, {
      '@context': AS_CONTEXT,
      id: activityId(bob),
      type: 'Flag',
      actor: bob.id,
      object: [aliceUri, `${PUBLIC_URL}/notes/1`],
      content: 'spam',
    });
    expect(response.statusCode).toBe(202);
    const moderator = await instance.createUser('mod', { role: 'moderator' });
    const reports = await instance.graphql(`{ reports { nodes { reporter { uri } targetActor { uri } objectUris reason state } } }`, {}, { as: moderator });
    expect(reports.data.reports.nodes[0]).toEqual({
      reporter: { uri: bob.id },
      targetActor: { uri: aliceUri },
      objectUris: [aliceUri, `${PUBLIC_URL}/notes/1`],
      reason: 'spam',
      state: 'open',
    });
    const member = await instance.graphql(`{ reports { nodes { id } } }`, {}, { as: alice });
    expect(member.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('verifies after a key rotation: the cached key fails, the refetched one succeeds', async () => {
    const hana = remoteActor(server, 'hana');
    expect((await postActivity(instance, hana, follow(hana))).statusCode).toBe(202);
    const fetchesBefore = server.hits('/users/hana');
    hana.rotateKey();
    const response = await postActivity(instance, hana, { '@context': AS_CONTEXT, id: activityId(hana), type: 'EmojiReact', actor: hana.id, object: aliceUri });
    expect(response.statusCode).toBe(202);
    expect(server.hits('/users/hana')).toBe(fetchesBefore + 1);
    const key = await db()
      .selectFrom('core_actor_keys as k')
      .innerJoin('core_actors as a', 'a.id', 'k.actor_id')
      .select('k.public_key_pem')
      .where('a.uri', '=', hana.id)
      .executeTakeFirstOrThrow();
    expect(key.public_key_pem).toBe(hana.keys.publicKeyPem);
  });

  it('records a remote Block and ends follows both ways', async () => {
    const ivan = remoteActor(server, 'ivan');
    expect((await postActivity(instance, ivan, follow(ivan))).statusCode).toBe(202);
    const response = await postActivity(instance, ivan, { '@context': AS_CONTEXT, id: activityId(ivan), type: 'Block', actor: ivan.id, object: aliceUri });
    expect(response.statusCode).toBe(202);
    const ivanRow = await db().selectFrom('core_actors').select('id').where('uri', '=', ivan.id).executeTakeFirstOrThrow();
    expect(await db().selectFrom('core_blocks').select('id').where('blocker_id', '=', ivanRow.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('core_follows').select('id').where('follower_id', '=', ivanRow.id).execute()).toEqual([]);
  });

  it('refuses an Update of another actor', async () => {
    const before = await rowCounts(instance);
    const response = await postActivity(instance, bob, {
      '@context': AS_CONTEXT,
      id: activityId(bob),
      type: 'Update',
      actor: bob.id,
      object: { id: `${server.origin}/users/hana`, type: 'Person', inbox: `${server.origin}/users/hana/inbox`, preferredUsername: 'hana' },
    });
    expect(response.statusCode).toBe(400);
    expect(await rowCounts(instance)).toEqual(before);
  });

  it('refreshes the cached actor from its own Update', async () => {
    const response = await postActivity(instance, bob, {
      '@context': AS_CONTEXT,
      id: activityId(bob),
      type: 'Update',
      actor: bob.id,
      object: { ...bob.document, name: 'Bob Renamed' },
    });
    expect(response.statusCode).toBe(202);
    const row = await db().selectFrom('core_actors').select('display_name').where('uri', '=', bob.id).executeTakeFirstOrThrow();
    expect(row.display_name).toBe('Bob Renamed');
  });
});
