import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationPublisher } from '../../../../core/src/federation/outbox/index.js';
import { createFederationTestApp, type FederationTestApp } from '../fixtures/federation-app.js';

const DAY = 86_400_000;

/** The fields NodeInfo 2.0 and 2.1 require, with their types (schemas at nodeinfo.diaspora.software). */
function expectValidNodeInfo(document: any, version: '2.0' | '2.1'): void {
  expect(Object.keys(document).sort()).toEqual(['metadata', 'openRegistrations', 'protocols', 'services', 'software', 'usage', 'version']);
  expect(document.version).toBe(version);
  expect(document.software.name).toMatch(/^[a-z0-9-]+$/);
  expect(typeof document.software.version).toBe('string');
  const allowedSoftwareKeys = version === '2.0' ? ['name', 'version'] : ['homepage', 'name', 'repository', 'version'];
  for (const key of Object.keys(document.software)) expect(allowedSoftwareKeys).toContain(key);
  expect(document.protocols).toEqual(['activitypub']);
  expect(document.services).toEqual({ inbound: [], outbound: [] });
  expect(typeof document.openRegistrations).toBe('boolean');
  for (const key of ['total', 'activeMonth', 'activeHalfyear']) {
    expect(Number.isInteger(document.usage.users[key]) && document.usage.users[key] >= 0, key).toBe(true);
  }
  expect(Number.isInteger(document.usage.localPosts)).toBe(true);
  expect(typeof document.metadata).toBe('object');
}

describe('NodeInfo', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    app = await createFederationTestApp({
      extraDeps: { nodeInfoMetadata: [() => ({ federatedSearch: true }), async () => ({ nodeName: 'a plugin cannot rename the node' })] },
    });
  });
  afterAll(() => app.close());

  it('lists 2.0 and 2.1 at /.well-known/nodeinfo', async () => {
    const response = await app.app.inject('/.well-known/nodeinfo');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'http://127.0.0.1:8080/nodeinfo/2.0' },
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'http://127.0.0.1:8080/nodeinfo/2.1' },
      ],
    });
  });

  it('serves both versions with the required fields, our software, plugins and plugin metadata', async () => {
    for (const version of ['2.0', '2.1'] as const) {
      const response = await app.app.inject(`/nodeinfo/${version}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(`application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"; charset=utf-8`);
      const document = response.json();
      expectValidNodeInfo(document, version);
      expect(document.software).toMatchObject({ name: 'commonplace', version: '0.1.0' });
      expect(document.openRegistrations).toBe(true);
      expect(document.metadata).toEqual({
        federatedSearch: true,
        nodeName: 'Riverside <Commons>',
        nodeDescription: 'A test instance & its "federation".',
        plugins: [{ id: 'notes', version: '1.0.0' }],
      });
    }
  });

  it('counts users after sign-ups, and the active ones by when their session was last used', async () => {
    const before = (await app.app.inject('/nodeinfo/2.1')).json().usage;
    // The instance actor is an actor, not a user.
    expect(before).toEqual({ users: { total: 0, activeMonth: 0, activeHalfyear: 0 }, localPosts: 0 });

    await app.signUp('early');
    app.clock.advance(60 * DAY);
    await app.signUp('later');
    await app.signUp('latest');
    const after = (await app.app.inject('/nodeinfo/2.0')).json().usage;
    expect(after.users).toEqual({ total: 3, activeMonth: 2, activeHalfyear: 3 });
  });

  it('counts as local posts the objects our actors created through the outbox, less those they deleted', async () => {
    const author = await app.signUp('poster');
    const actor = (await app.accounts.actors.byId(author.actorId))!;
    const publisher = createFederationPublisher({ db: app.database.db, jobs: { enqueue: async () => ({ id: 'unused' }) }, clock: app.clock, publicUrl: app.publicUrl });
    const publish = (activity: Record<string, unknown>) =>
      app.database.db.transaction().execute((tx) => publisher.publish({ actor: actor.uri, ...activity } as never, { kind: 'public' }, { tx, actorId: author.actorId }));
    // Counts are reused for federation.nodeInfoCacheSeconds (60 by default): step past it before each count.
    const localPosts = async () => {
      app.clock.advance(61_000);
      return (await app.app.inject('/nodeinfo/2.1')).json().usage.localPosts;
    };
    const before = await localPosts();

    // What education-commons publishes for a resource and a comment, and economic-flows for an event.
    await publish({ type: 'Create', object: { id: `${app.publicUrl}/resources/1`, type: 'Document', name: 'Fractions' } });
    await publish({ type: 'Create', object: { id: `${app.publicUrl}/comments/1`, type: 'Note', content: 'Thanks' } });
    await publish({ type: 'Create', object: { id: `${app.publicUrl}/events/1`, type: 'vf:EconomicEvent' } });
    // An edit is the same post; an Announce or a Follow is no post of ours.
    await publish({ type: 'Update', object: { id: `${app.publicUrl}/resources/1`, type: 'Document', name: 'Fractions, edited' } });
    await publish({ type: 'Announce', object: 'https://remote.example/notes/9' });
    expect(await localPosts()).toBe(before + 3);

    await publish({ type: 'Delete', object: { id: `${app.publicUrl}/comments/1`, type: 'Tombstone', formerType: 'Note' } });
    await publish({ type: 'Delete', object: `${app.publicUrl}/events/1` });
    expect(await localPosts()).toBe(before + 1);
  });

  it('reuses its usage counts for federation.nodeInfoCacheSeconds, so a crawler does not cost a count per request', async () => {
    app.clock.advance(61_000);
    const before = (await app.app.inject('/nodeinfo/2.1')).json().usage.users.total;
    await app.signUp('cached');
    app.clock.advance(59_000);
    expect((await app.app.inject('/nodeinfo/2.1')).json().usage.users.total).toBe(before);
    app.clock.advance(2_000);
    expect((await app.app.inject('/nodeinfo/2.1')).json().usage.users.total).toBe(before + 1);
  });

  it('says registrations are closed unless sign-up is open', async () => {
    const closed = await createFederationTestApp({ settings: { signUp: 'invite-only' } });
    try {
      expect((await closed.app.inject('/nodeinfo/2.1')).json().openRegistrations).toBe(false);
    } finally {
      await closed.close();
    }
  });
});
