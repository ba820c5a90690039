import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorsPort } from '@commonplace/sdk/internal';
import type { TestUser } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { PUBLIC_URL, remoteActor, startRemoteServer, type RemoteServer } from '../federation/inbox/helpers.js';

describe('the ActorsPort: byUri, resolveHandle, updateProfile', () => {
  let instance: CoreTestInstance;
  let actors: ActorsPort;
  let server: RemoteServer;
  let alice: TestUser;

  beforeAll(async () => {
    instance = await createTestInstance({ settings: { federation: { allowPrivateAddresses: true } } as never, jobs: false });
    actors = instance.running.services.actors;
    server = await startRemoteServer();
    alice = await instance.signUp('alice');
  });
  afterAll(async () => {
    await instance?.close();
    await server?.close();
  });

  it('finds a live actor by its URI, local or cached remote, and nothing else', async () => {
    expect(await actors.byUri(`${PUBLIC_URL}/actors/alice`)).toMatchObject({ id: alice.actorId, username: 'alice', domain: null });
    expect(await actors.byUri(`${PUBLIC_URL}/actors/nobody`)).toBeNull();
    expect(await actors.byUri('not a uri')).toBeNull();
  });

  it('resolves a remote handle through WebFinger once, then from the cache; a local handle from the database', async () => {
    const bob = remoteActor(server, 'bob');
    const found = await actors.resolveHandle(`@bob@${server.host}`);
    expect(found).toMatchObject({ uri: bob.id, username: 'bob', domain: server.host, type: 'Person' });
    const webfingerHits = () => server.hits(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:bob@${server.host}`)}`);
    const hits = webfingerHits();
    expect(hits).toBeGreaterThan(0);
    expect((await actors.resolveHandle(`bob@${server.host}`))?.id).toBe(found!.id);
    expect(webfingerHits()).toBe(hits);
    // Now cached, byUri finds it without a fetch.
    expect((await actors.byUri(bob.id))?.id).toBe(found!.id);

    expect((await actors.resolveHandle(`@alice@${new URL(PUBLIC_URL).host}`))?.id).toBe(alice.actorId);
  });

  it('answers null for a handle its host does not know, and refuses text that is not a handle', async () => {
    expect(await actors.resolveHandle(`@ghost@${server.host}`)).toBeNull();
    await expect(actors.resolveHandle('not a handle')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'handle' } });
  });

  it('says SERVICE_UNAVAILABLE when the host cannot be reached', async () => {
    const closed = await startRemoteServer();
    await closed.close();
    await expect(actors.resolveHandle(`@x@${closed.host}`)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('updates a local Person’s profile with the person’s own checks, and federates an Update of the actor', async () => {
    const db = instance.running.database.db;
    const updated = await actors.updateProfile(alice.actorId, { displayName: 'Alice L.', summary: 'Gardener' });
    expect(updated).toMatchObject({ id: alice.actorId, displayName: 'Alice L.', summary: 'Gardener' });
    const outbox = await db.selectFrom('core_outbox').select(['activity', 'actor_id']).where('actor_id', '=', alice.actorId).execute();
    const update = outbox.map((row) => (typeof row.activity === 'string' ? JSON.parse(row.activity) : row.activity)).find((activity) => activity.type === 'Update');
    expect(update).toMatchObject({ actor: `${PUBLIC_URL}/actors/alice`, object: { id: `${PUBLIC_URL}/actors/alice`, type: 'Person', name: 'Alice L.' } });
    // The session check's copy of the account is stale now: `me` reads the new name.
    const me = await instance.graphql(`{ me { displayName } }`, {}, { as: alice });
    expect(me.data?.me?.displayName ?? me.errors).toBe('Alice L.');

    await expect(actors.updateProfile(alice.actorId, { displayName: 'x'.repeat(5000) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'displayName' } });
    await expect(actors.updateProfile(alice.actorId, { avatarUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const group = await actors.createLocal({ type: 'Group', username: 'growers' });
    await expect(actors.updateProfile(group.id, { displayName: 'No' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(actors.updateProfile('not-an-id', { displayName: 'No' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('updates inside the caller’s transaction: a rollback undoes the profile and its Update', async () => {
    const db = instance.running.database.db;
    const before = await db.selectFrom('core_outbox').select('id').execute();
    await expect(
      db.transaction().execute(async (tx) => {
        await actors.updateProfile(alice.actorId, { displayName: 'Rolled back' }, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await actors.byId(alice.actorId))?.displayName).toBe('Alice L.');
    expect(await db.selectFrom('core_outbox').select('id').execute()).toHaveLength(before.length);
  });
});
