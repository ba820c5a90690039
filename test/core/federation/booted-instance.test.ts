import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';

describe('a booted instance is discoverable over ActivityPub', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({ name: 'Harbour Commons' });
  });
  afterAll(() => instance.close());

  it('finds a new user by WebFinger and serves their actor with a usable key', async () => {
    await instance.signUp('alice');
    const finger = await instance.inject('/.well-known/webfinger?resource=acct:alice@localhost.test');
    expect(finger.statusCode).toBe(200);
    const self = finger.json().links.find((link: { rel: string }) => link.rel === 'self');
    expect(self).toMatchObject({ type: 'application/activity+json', href: 'http://localhost.test/actors/alice' });

    const actor = await instance.inject({ url: '/actors/alice', headers: { accept: 'application/activity+json' } });
    expect(actor.statusCode).toBe(200);
    const document = actor.json();
    expect(document).toMatchObject({ type: 'Person', preferredUsername: 'alice', inbox: 'http://localhost.test/actors/alice/inbox' });
    expect(createPublicKey(document.publicKey.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('tells NodeInfo its name and counts the accounts', async () => {
    const nodeInfo = await instance.inject('/nodeinfo/2.1');
    expect(nodeInfo.json()).toMatchObject({
      software: { name: 'commonplace' },
      protocols: ['activitypub'],
      openRegistrations: true,
      metadata: { nodeName: 'Harbour Commons' },
    });
    expect(nodeInfo.json().usage.users.total).toBeGreaterThanOrEqual(1);
  });

  it('keeps the instance actor’s name from being taken at sign-up', async () => {
    const { errors } = await instance.graphql(
      `mutation($input: SignUpInput!) { signUp(input: $input) { token } }`,
      { input: { username: 'instance_actor', email: 'sneaky@example.org', password: 'a long enough password' } },
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'username' });
  });
});

describe('the inbox’s own rate limit', () => {
  it('answers 429 past federation.inboxRateLimitPerMinute, whatever the global limit', async () => {
    const instance = await createTestInstance({ settings: { federation: { inboxRateLimitPerMinute: 2 } } });
    try {
      const post = () =>
        instance.inject({ method: 'POST', url: '/inbox', headers: { 'content-type': 'application/activity+json' }, payload: '{}' });
      const responses = [await post(), await post(), await post()];
      expect(responses.map((response) => response.statusCode)).toEqual([401, 401, 429]);
      // The refusal says when to come back; answers under the limit carry no x-ratelimit-* headers.
      expect(Number(responses[2]!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Object.keys(responses[0]!.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
      expect((await instance.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await instance.close();
    }
  });
});

describe('methods a federated URL does not take', () => {
  it('answers 405 with Allow: POST on inboxes and Allow: GET, HEAD on outboxes', async () => {
    const instance = await createTestInstance();
    try {
      await instance.signUp('alice');
      for (const url of ['/inbox', '/actors/alice/inbox']) {
        const response = await instance.inject({ method: 'GET', url, headers: { accept: 'application/activity+json' } });
        expect(response.statusCode, url).toBe(405);
        expect(response.headers.allow).toBe('POST');
      }
      const posted = await instance.inject({
        method: 'POST',
        url: '/actors/alice/outbox',
        headers: { 'content-type': 'application/activity+json' },
        payload: JSON.stringify({ type: 'Note', content: 'hello' }),
      });
      expect(posted.statusCode).toBe(405);
      expect(posted.headers.allow).toBe('GET, HEAD');
      // The outbox itself is still there to read.
      const outbox = await instance.inject({ url: '/actors/alice/outbox', headers: { accept: 'application/activity+json' } });
      expect(outbox.json()).toMatchObject({ type: 'OrderedCollection' });
    } finally {
      await instance.close();
    }
  });
});
