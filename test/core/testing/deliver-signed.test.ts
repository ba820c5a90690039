import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteActor, createTestInstance, deliverSigned, type RemoteActor, type TestInstance } from '@commonplace/sdk/testing';
import type { CoreTestInstance } from '../../../core/src/testing/index.js';

/** The harness's inbound federation helper, through the sdk entry a plugin's test uses. */
describe('deliverSigned', () => {
  let instance: TestInstance;
  const db = () => (instance as CoreTestInstance).running.database.db;

  beforeAll(async () => {
    instance = await createTestInstance({ jobs: false, settings: { federation: { allowPrivateAddresses: true } } });
    await instance.signUp('alice');
  });
  afterAll(() => instance.close());

  it('delivers a Follow, signed by a fake remote actor, to a local inbox; the instance checks the signature and stores it', async () => {
    const response = await deliverSigned(instance, { type: 'Follow', object: 'http://localhost.test/actors/alice' }, { to: 'alice' });
    expect(response.statusCode).toBe(202);
    const follow = await db()
      .selectFrom('core_follows')
      .innerJoin('core_actors', 'core_actors.id', 'core_follows.follower_id')
      .select(['core_actors.uri', 'core_follows.state'])
      .executeTakeFirstOrThrow();
    expect(follow.state).toBe('accepted');
    expect(follow.uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/remote$/);
  });

  describe('with an actor of the test\'s own', () => {
    let bob: RemoteActor;
    let mallory: RemoteActor;
    beforeAll(async () => {
      bob = await createRemoteActor({ username: 'bob' });
      mallory = await createRemoteActor({ username: 'mallory' });
    });
    afterAll(async () => {
      await bob.close();
      await mallory.close();
    });

    it('signs with RFC 9421 when asked, to the shared inbox, and fills in id and actor', async () => {
      const response = await deliverSigned(instance, { type: 'Follow', object: 'http://localhost.test/actors/alice' }, { from: bob, signature: 'rfc9421' });
      expect(response.statusCode).toBe(202);
      const row = await db().selectFrom('core_follows').select('activity_uri').where('activity_uri', 'like', `${bob.origin}/activities/%`).executeTakeFirst();
      expect(row).toBeDefined();
      expect(await db().selectFrom('core_actors').select('username').where('uri', '=', bob.id).executeTakeFirstOrThrow()).toEqual({ username: 'bob' });
    });

    it('makes an actor whose username is not ASCII', async () => {
      const remi = await createRemoteActor({ username: 'rémi' });
      try {
        expect(remi.id).toBe(`${remi.origin}/users/r%C3%A9mi`);
        const response = await deliverSigned(instance, { type: 'Follow', object: 'http://localhost.test/actors/alice' }, { from: remi });
        expect(response.statusCode).toBe(202);
      } finally {
        await remi.close();
      }
    });

    it('is refused when the key does not match the actor document the instance fetches', async () => {
      const forged = { ...bob, privateKeyPem: mallory.privateKeyPem };
      const response = await deliverSigned(instance, { type: 'Follow', object: 'http://localhost.test/actors/alice' }, { from: forged, to: 'alice' });
      expect(response.statusCode).toBe(401);
    });

    it('serves other documents from the actor\'s server', async () => {
      const url = bob.serve('/notes/1', { id: `${bob.origin}/notes/1`, type: 'Note' });
      const fetched = await fetch(url);
      expect(await fetched.json()).toEqual({ id: `${bob.origin}/notes/1`, type: 'Note' });
    });
  });

  it('says how to boot the instance when it may not reach the fake actor\'s server', async () => {
    const closed = await createTestInstance({ jobs: false });
    try {
      await expect(deliverSigned(closed, { type: 'Follow', object: 'http://localhost.test/actors/alice' })).rejects.toThrow(/allowPrivateAddresses: true/);
    } finally {
      await closed.close();
    }
  });
});
