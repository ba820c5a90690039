import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@commonplace/sdk/testing';
import { pino } from 'pino';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { RemoteActorError, RemoteActors, parseHandle } from '../../../../core/src/federation/remote-actors/index.js';
import { verifyRequest } from '../../../../core/src/federation/signatures/index.js';
import { AS_CONTEXT, PUBLIC_URL, federationTestInstance, remoteActor, rsaKeyPair, startRemoteServer, type RemoteServer } from '../inbox/helpers.js';

describe('remote actors', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ clock }));
    server = await startRemoteServer();
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const remoteActors = (federation: Record<string, unknown> = {}) =>
    new RemoteActors({
      db: instance.running.database.db,
      settings: { ...instance.running.settings, federation: { ...instance.running.settings.federation, ...federation } },
      publicUrl: PUBLIC_URL,
      log: pino({ level: 'silent' }),
      clock,
      keys: instance.running.accounts.keys,
    });

  it('reads handles', () => {
    expect(parseHandle('@alice@example.org')).toEqual({ username: 'alice', host: 'example.org' });
    expect(parseHandle('alice@127.0.0.1:8080')).toEqual({ username: 'alice', host: '127.0.0.1:8080' });
    expect(parseHandle('acct:alice@Example.org')).toEqual({ username: 'alice', host: 'example.org' });
    expect(parseHandle('@alice')).toBeNull();
    expect(parseHandle('a@b@c')).toBeNull();
  });

  it('resolves a handle through WebFinger, stores the actor and its key, and signs its fetches as the instance actor', async () => {
    const bob = remoteActor(server, 'bob');
    const row = await instance.running.services.federationCore.remoteActors.resolveRemoteActor(`@bob@${server.host}`);
    expect(row).toMatchObject({
      uri: bob.id,
      type: 'Person',
      username: 'bob',
      domain: server.host,
      display_name: 'bob remote',
      summary: '<p>bob lives elsewhere</p>',
      avatar_url: `${server.origin}/media/bob.png`,
      inbox_url: `${bob.id}/inbox`,
      shared_inbox_url: `${server.origin}/inbox`,
      outbox_url: `${bob.id}/outbox`,
      followers_url: `${bob.id}/followers`,
      profile_url: `${server.origin}/@bob`,
      manually_approves_followers: false,
      account_id: null,
    });
    expect(row.document).toMatchObject({ id: bob.id, preferredUsername: 'bob' });
    const key = await instance.running.database.db.selectFrom('core_actor_keys').selectAll().where('actor_id', '=', row.id).executeTakeFirstOrThrow();
    expect(key).toMatchObject({ kind: 'rsa', key_id: bob.keyId, public_key_pem: bob.keys.publicKeyPem, private_key_pem: null });

    // The GET carried the instance actor's signature, which verifies against its published key.
    const headers = server.lastHeaders('/users/bob')!;
    expect(String(headers.signature)).toContain(`keyId="${PUBLIC_URL}/actors/instance_actor#main-key"`);
    const instanceActor = await instance.services.actors.byUsername('instance_actor');
    const pem = await instance.services.actors.publicKeyPem(instanceActor!.id);
    const verified = await verifyRequest(
      { method: 'GET', url: `${bob.id}`, headers: headers as Record<string, string> },
      { keyResolver: async () => ({ publicKeyPem: pem, ownerId: instanceActor!.uri }), refreshKey: async () => null, clock },
    );
    expect(verified.ok).toBe(true);
  });

  it('resolves by URL, and uses a fresh cached row without fetching until the TTL has passed', async () => {
    const carol = remoteActor(server, 'carol');
    const actors = remoteActors({ remoteActorCacheTtlSeconds: 600 });
    await actors.resolveRemoteActor(carol.id);
    expect(server.hits('/users/carol')).toBe(1);
    await actors.resolveRemoteActor(carol.id);
    await actors.resolveRemoteActor(`@carol@${server.host}`);
    expect(server.hits('/users/carol')).toBe(1);
    clock.advance(601_000);
    carol.document.name = 'Carol Again';
    server.serve('/users/carol', carol.document);
    const refreshed = await actors.resolveRemoteActor(carol.id);
    expect(server.hits('/users/carol')).toBe(2);
    expect(refreshed.display_name).toBe('Carol Again');
  });

  it('keeps the SSRF guard: with private addresses not allowed, 127.0.0.1 is refused', async () => {
    const dave = remoteActor(server, 'dave');
    const error = await remoteActors({ allowPrivateAddresses: false }).resolveRemoteActor(dave.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteActorError);
    expect((error as RemoteActorError).failure).toBe('refused');
    expect(server.hits('/users/dave')).toBe(0);
  });

  it('refuses an actor whose key names another owner', async () => {
    const keys = rsaKeyPair();
    const id = `${server.origin}/users/impostor`;
    server.serve('/users/impostor', {
      '@context': [AS_CONTEXT],
      id,
      type: 'Person',
      preferredUsername: 'impostor',
      inbox: `${id}/inbox`,
      publicKey: { id: `${id}#main-key`, owner: `${server.origin}/users/someone-else`, publicKeyPem: keys.publicKeyPem },
    });
    const error = await remoteActors().resolveRemoteActor(id).catch((caught: unknown) => caught);
    expect((error as RemoteActorError).failure).toBe('invalid');
    expect((error as Error).message).toMatch(/owner/);
    expect(await instance.running.database.db.selectFrom('core_actors').select('id').where('uri', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('resolves keys: cached by key id, a standalone key document checked against its owner', async () => {
    const erin = remoteActor(server, 'erin');
    const keyUrl = `${server.origin}/keys/erin-2`;
    const second = rsaKeyPair();
    // The actor lists both its main key and a second key served on its own.
    erin.document.publicKey = [erin.document.publicKey, { id: keyUrl, owner: erin.id, publicKeyPem: second.publicKeyPem }];
    server.serve('/users/erin', erin.document);
    server.serve('/keys/erin-2', { '@context': [AS_CONTEXT], id: keyUrl, owner: erin.id, publicKeyPem: second.publicKeyPem });
    const actors = remoteActors();
    expect(await actors.keyResolver(keyUrl)).toEqual({ publicKeyPem: second.publicKeyPem, ownerId: erin.id, freshlyFetched: true });
    expect(await actors.keyResolver(keyUrl)).toEqual({ publicKeyPem: second.publicKeyPem, ownerId: erin.id });
    expect(await actors.keyResolver(`${server.origin}/keys/unknown`)).toBeNull();
  });
});
