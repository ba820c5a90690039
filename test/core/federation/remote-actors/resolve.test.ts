import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type CoreTestInstance } from '../../../../core/src/testing/index.js';
import { INSTANCE_ACTOR_USERNAME } from '../../../../core/src/federation/documents/instance-actor.js';
import { AS_CONTEXT, PUBLIC_URL, remoteActor, startRemoteServer, type RemoteServer } from '../inbox/helpers.js';

describe('federation.resolve (FederationPort)', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;

  beforeAll(async () => {
    instance = await createTestInstance({ settings: { federation: { allowPrivateAddresses: true } } as never });
    server = await startRemoteServer();
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const resolve = (iri: string) => instance.running.services.federation!.resolve(iri);

  it('fetches a remote object signed by the instance actor, and answers from its cache the second time', async () => {
    const note = { '@context': AS_CONTEXT, id: `${server.origin}/notes/1`, type: 'Note', content: 'hello', attributedTo: `${server.origin}/users/x` };
    server.serve('/notes/1', note);
    expect(await resolve(note.id)).toEqual(note);
    expect(await resolve(note.id)).toEqual(note);
    expect(server.hits('/notes/1')).toBe(1);
    const instanceActor = await instance.running.database.db
      .selectFrom('core_actors')
      .select('uri')
      .where('username', '=', INSTANCE_ACTOR_USERNAME)
      .where('domain', 'is', null)
      .executeTakeFirstOrThrow();
    const signature = String(server.lastHeaders('/notes/1')?.signature ?? '');
    expect(signature).toContain(`keyId="${instanceActor.uri}#main-key"`);
    expect(instanceActor.uri.startsWith(PUBLIC_URL)).toBe(true);
  });

  it('caches a remote actor as a remote actor, with its key', async () => {
    const zoe = remoteActor(server, 'zoe');
    const resolved = await resolve(zoe.id);
    expect(resolved).toMatchObject({ id: zoe.id, type: 'Person', preferredUsername: 'zoe' });
    const row = await instance.running.database.db.selectFrom('core_actors').select(['id', 'domain', 'username']).where('uri', '=', zoe.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ domain: server.host, username: 'zoe' });
    expect(await resolve(zoe.id)).toMatchObject({ id: zoe.id });
    expect(server.hits('/users/zoe')).toBe(1);
  });

  it('answers null for a missing object, a document whose id is not its URL, a local IRI and a non-URL', async () => {
    expect(await resolve(`${server.origin}/notes/missing`)).toBeNull();
    server.serve('/notes/liar', { '@context': AS_CONTEXT, id: `${server.origin}/notes/other`, type: 'Note' });
    expect(await resolve(`${server.origin}/notes/liar`)).toBeNull();
    expect(await resolve(`${PUBLIC_URL}/actors/someone`)).toBeNull();
    expect(await resolve('urn:x:1')).toBeNull();
  });
});

describe('federation.resolve with the SSRF guard on', () => {
  it('refuses a loopback address (null, nothing fetched)', async () => {
    const instance = await createTestInstance({ settings: { federation: { allowPrivateAddresses: false } } as never });
    const server = await startRemoteServer();
    try {
      server.serve('/notes/1', { '@context': AS_CONTEXT, id: `${server.origin}/notes/1`, type: 'Note' });
      expect(await instance.running.services.federation!.resolve(`${server.origin}/notes/1`)).toBeNull();
      expect(server.hits('/notes/1')).toBe(0);
    } finally {
      await instance.close();
      await server.close();
    }
  });
});
