import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '@commonplace/sdk';
import type { AccountsDb } from '../../../../core/src/accounts/tables.js';
import { pino } from 'pino';
import { ed25519KeyFromMultibase, ensureInstanceActor } from '../../../../core/src/federation/documents/index.js';
import { createFederationTestApp, PASSWORD, type FederationTestApp } from '../fixtures/federation-app.js';

const AP = 'application/activity+json';
const LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const BASE = 'http://127.0.0.1:8080';
const silent = pino({ level: 'silent' });

const get = (app: FederationTestApp, url: string, accept?: string, headers: Record<string, string> = {}) =>
  app.app.inject({ url, headers: { ...(accept ? { accept } : {}), ...headers } });

/** The raw 32 bytes of an Ed25519 public key in PEM. */
function rawEd25519(pem: string): Buffer {
  return Buffer.from(createPublicKey(pem).export({ format: 'jwk' }).x!, 'base64url');
}

describe('actor documents', () => {
  let app: FederationTestApp;
  let db: AccountsDb;
  beforeAll(async () => {
    app = await createFederationTestApp();
    db = app.database.db as AccountsDb;
    await app.signUp('alice');
    await app.accounts.service.updateProfile(
      await app.accounts.authenticate((await app.accounts.service.logIn({ login: 'alice', password: PASSWORD })).token),
      { displayName: 'Alice <b>Liddell</b>', summary: 'Down the "rabbit" hole & back', avatarUrl: 'https://media.example/alice.png' },
    );
    await app.accounts.actors.createLocal({ type: 'Group', username: 'gardeners', displayName: 'Community gardeners', summary: 'We grow things.' });
    await app.accounts.actors.createLocal({ type: 'Organization', username: 'coop', displayName: 'The Co-op' });
    await app.accounts.actors.createLocal({ type: 'Service', username: 'weather_bot' });
  });
  afterAll(() => app.close());

  async function keysOf(username: string) {
    const rows = await db
      .selectFrom('core_actor_keys as k')
      .innerJoin('core_actors as a', 'a.id', 'k.actor_id')
      .select(['k.kind', 'k.public_key_pem'])
      .where('a.username', '=', username)
      .execute();
    return Object.fromEntries(rows.map((row) => [row.kind, row.public_key_pem])) as { rsa: string; ed25519: string };
  }

  it('serves a Person with every field, its RSA key and its Ed25519 Multikey', async () => {
    const response = await get(app, '/actors/alice', AP);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/activity+json; charset=utf-8');
    expect(response.headers.vary).toMatch(/Accept/);
    const actor = response.json();
    const id = `${BASE}/actors/alice`;
    expect(actor['@context'][0]).toBe('https://www.w3.org/ns/activitystreams');
    expect(actor['@context'][1]).toBe('https://w3id.org/security/v1');
    expect(actor['@context'].at(-1)).toMatchObject({
      manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
      discoverable: 'toot:discoverable',
      featured: { '@id': 'toot:featured', '@type': '@id' },
    });
    expect(actor).toMatchObject({
      id,
      type: 'Person',
      preferredUsername: 'alice',
      // name is plain text without markup; summary is HTML (federated-text-as-html.test.ts).
      name: 'Alice Liddell',
      summary: '<p>Down the &quot;rabbit&quot; hole &amp; back</p>',
      icon: { type: 'Image', url: 'https://media.example/alice.png' },
      url: `${BASE}/@alice`,
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      followers: `${id}/followers`,
      following: `${id}/following`,
      featured: `${id}/featured`,
      endpoints: { sharedInbox: `${BASE}/inbox` },
      manuallyApprovesFollowers: false,
      discoverable: true,
      published: '2025-06-01T12:00:00.000Z',
      publicKey: { id: `${id}#main-key`, owner: id },
    });

    const keys = await keysOf('alice');
    const rsa = createPublicKey(actor.publicKey.publicKeyPem);
    expect(rsa.asymmetricKeyType).toBe('rsa');
    expect(rsa.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(actor.publicKey.publicKeyPem).toBe(keys.rsa);

    expect(actor.assertionMethod).toHaveLength(1);
    const multikey = actor.assertionMethod[0];
    expect(multikey).toMatchObject({ id: `${id}#ed25519-key`, type: 'Multikey', controller: id });
    expect(multikey.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(Buffer.from(ed25519KeyFromMultibase(multikey.publicKeyMultibase))).toEqual(rawEd25519(keys.ed25519));
  });

  it('serves a Group made with actors.createLocal the same way', async () => {
    const actor = (await get(app, '/actors/gardeners', AP)).json();
    const id = `${BASE}/actors/gardeners`;
    expect(actor).toMatchObject({
      id,
      type: 'Group',
      preferredUsername: 'gardeners',
      name: 'Community gardeners',
      summary: '<p>We grow things.</p>',
      url: `${BASE}/@gardeners`,
      inbox: `${id}/inbox`,
      endpoints: { sharedInbox: `${BASE}/inbox` },
      manuallyApprovesFollowers: false,
      discoverable: true,
      publicKey: { id: `${id}#main-key`, owner: id },
    });
    expect(actor.icon).toBeUndefined();
    expect(createPublicKey(actor.publicKey.publicKeyPem).asymmetricKeyType).toBe('rsa');
    expect(Buffer.from(ed25519KeyFromMultibase(actor.assertionMethod[0].publicKeyMultibase))).toEqual(rawEd25519((await keysOf('gardeners')).ed25519));
  });

  it('serves Organization, Service and the Application instance actor', async () => {
    expect((await get(app, '/actors/coop', AP)).json().type).toBe('Organization');
    expect((await get(app, '/actors/weather_bot', AP)).json()).toMatchObject({ type: 'Service', name: 'weather_bot', summary: '' });
    const instance = (await get(app, '/actors/instance_actor', AP)).json();
    expect(instance).toMatchObject({ type: 'Application', preferredUsername: 'instance_actor', name: 'Riverside', manuallyApprovesFollowers: true, discoverable: false });
    expect(app.federation.instanceActor).toMatchObject({ type: 'Application', username: 'instance_actor', uri: `${BASE}/actors/instance_actor` });
  });

  it('keeps the instance actor’s name from sign-up, and finds it again on the next boot', async () => {
    await expect(app.accounts.service.signUp({ username: 'instance_actor', email: 'x@example.org', password: PASSWORD })).rejects.toBeInstanceOf(ConflictError);
    const again = await ensureInstanceActor({ db: app.database.db, actors: app.accounts.actors, definition: { name: 'Renamed' }, log: silent });
    expect(again.id).toBe(app.federation.instanceActor.id);
    const count = await db.selectFrom('core_actors').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'Application').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('negotiates: both ActivityPub media types and */* get JSON, a browser is sent to the profile page', async () => {
    for (const accept of [AP, LD, 'application/ld+json', '*/*', `${AP}, ${LD}`, undefined]) {
      const response = await get(app, '/actors/alice', accept);
      expect(response.statusCode, String(accept)).toBe(200);
      expect(response.headers['content-type']).toBe('application/activity+json; charset=utf-8');
      expect(response.headers.vary).toMatch(/Accept/);
      expect(response.json().id).toBe(`${BASE}/actors/alice`);
    }
    const browser = await get(app, '/actors/alice', BROWSER);
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe(`${BASE}/@alice`);
    expect(browser.headers.vary).toMatch(/Accept/);
  });

  it('shows a browser an escaped HTML profile, and sends ActivityPub clients of the profile URL to the actor', async () => {
    const page = await get(app, '/@alice', BROWSER);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<h1>Alice &lt;b&gt;Liddell&lt;/b&gt;</h1>');
    expect(page.body).toContain('Down the &quot;rabbit&quot; hole &amp; back');
    expect(page.body).toContain('@alice@127.0.0.1:8080');
    expect(page.body).toContain('<link rel="alternate" type="application/activity+json" href="http://127.0.0.1:8080/actors/alice">');
    expect(page.body).not.toContain('<b>');
    const json = await get(app, '/@alice', AP);
    expect(json.statusCode).toBe(303);
    expect(json.headers.location).toBe(`${BASE}/actors/alice`);
    expect((await get(app, '/@nobody', BROWSER)).statusCode).toBe(404);
  });

  it('answers 406 with a reason for media types it does not serve', async () => {
    for (const accept of ['image/png', 'text/plain', 'application/ld+json; profile="https://example.org/other"', `${AP};q=0`]) {
      const response = await get(app, '/actors/alice', accept);
      expect(response.statusCode, accept).toBe(406);
      expect(response.json().message).toMatch(/serves application\/activity\+json/);
    }
    expect((await get(app, '/actors/alice/followers', 'image/png')).statusCode).toBe(406);
  });

  it('answers 404 for an unknown actor', async () => {
    const response = await get(app, '/actors/nobody', AP);
    expect(response.statusCode).toBe(404);
  });

  it('answers 410 Gone with a Tombstone for a deleted actor, on its URL and its profile page', async () => {
    const { token } = await app.signUp('leaving');
    await app.accounts.service.deleteAccount(await app.accounts.authenticate(token), { password: PASSWORD });
    const response = await get(app, '/actors/leaving', AP);
    expect(response.statusCode).toBe(410);
    expect(response.headers['content-type']).toBe('application/activity+json; charset=utf-8');
    expect(response.json()).toMatchObject({ id: `${BASE}/actors/leaving`, type: 'Tombstone', formerType: 'Person', deleted: expect.any(String) });
    expect((await get(app, '/actors/leaving/outbox', AP)).statusCode).toBe(410);
    expect((await get(app, '/@leaving', BROWSER)).statusCode).toBe(410);
    expect((await app.app.inject({ url: '/.well-known/webfinger', query: { resource: 'acct:leaving@127.0.0.1:8080' } })).statusCode).toBe(410);
  });
});

describe('actor collections', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    // A followers source with five items shows paging; the others are the empty default.
    const followers = ['a', 'b', 'c', 'd', 'e'].map((name) => `https://remote.example/users/${name}`);
    app = await createFederationTestApp({
      extraDeps: {
        actorCollections: {
          followers: () => ({
            totalItems: async () => followers.length,
            page: async (cursor, limit) => {
              const start = cursor ? Number(cursor) : 0;
              const next = start + 2 < followers.length ? String(start + 2) : null;
              expect(limit).toBeGreaterThan(0);
              return { items: followers.slice(start, start + 2), nextCursor: next, prevCursor: start > 0 ? String(Math.max(0, start - 2)) : null };
            },
          }),
        },
      },
    });
    await app.signUp('alice');
  });
  afterAll(() => app.close());

  it('serves followers, following, outbox and featured as empty OrderedCollections for now', async () => {
    for (const name of ['following', 'outbox', 'featured']) {
      const id = `${BASE}/actors/alice/${name}`;
      const collection = await get(app, `/actors/alice/${name}`, AP);
      expect(collection.statusCode).toBe(200);
      expect(collection.headers['content-type']).toBe('application/activity+json; charset=utf-8');
      expect(collection.json()).toEqual({ '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'OrderedCollection', totalItems: 0, first: `${id}?page=true` });
      const page = (await get(app, `/actors/alice/${name}?page=true`, AP)).json();
      expect(page).toEqual({
        '@context': 'https://www.w3.org/ns/activitystreams',
        id: `${id}?page=true`,
        type: 'OrderedCollectionPage',
        partOf: id,
        totalItems: 0,
        orderedItems: [],
      });
    }
  });

  it('pages through a collection with next and prev cursors', async () => {
    const id = `${BASE}/actors/alice/followers`;
    expect((await get(app, '/actors/alice/followers', AP)).json()).toMatchObject({ type: 'OrderedCollection', totalItems: 5 });
    const first = (await get(app, '/actors/alice/followers?page=true', AP)).json();
    expect(first).toMatchObject({ type: 'OrderedCollectionPage', partOf: id, next: `${id}?cursor=2` });
    expect(first.orderedItems).toEqual(['https://remote.example/users/a', 'https://remote.example/users/b']);
    expect(first.prev).toBeUndefined();
    const last = (await get(app, '/actors/alice/followers?cursor=4', AP)).json();
    expect(last).toMatchObject({ id: `${id}?cursor=4`, orderedItems: ['https://remote.example/users/e'], prev: `${id}?cursor=2` });
    expect(last.next).toBeUndefined();
  });

  it('sends a browser asking for a collection to the profile page', async () => {
    const response = await get(app, '/actors/alice/followers', BROWSER);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${BASE}/@alice`);
  });
});

describe('authorized fetch', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    app = await createFederationTestApp({
      settings: { federation: { authorizedFetch: true } },
      // Stands in for the signature verifier.
      extraDeps: { isSignedFetch: async (request) => request.headers['x-test-signed'] === 'yes' },
    });
    await app.signUp('alice');
  });
  afterAll(() => app.close());

  it('refuses unsigned GETs of actors and collections with 401', async () => {
    for (const url of ['/actors/alice', '/actors/alice/followers', '/actors/nobody']) {
      const response = await get(app, url, AP);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().message).toMatch(/requires signed fetches/);
    }
  });

  it('serves signed GETs, the instance actor unsigned, and browsers their HTML', async () => {
    expect((await get(app, '/actors/alice', AP, { 'x-test-signed': 'yes' })).statusCode).toBe(200);
    expect((await get(app, '/actors/instance_actor', AP)).statusCode).toBe(200);
    expect((await get(app, '/@alice', BROWSER)).statusCode).toBe(200);
  });

  it('allows everything when the setting is off, with no verifier', async () => {
    const open = await createFederationTestApp();
    try {
      await open.signUp('bob');
      expect((await get(open, '/actors/bob', AP)).statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
