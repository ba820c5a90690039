import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ActorRecord, PluginDefinition } from '@commonplace/sdk/internal';
import { pluginActorFields } from '../../../../core/src/federation/documents/actor-fields.js';
import { publishActorUpdate } from '../../../../core/src/federation/outbox/actor-update.js';
import { createFederationTestApp, type FederationTestApp } from '../fixtures/federation-app.js';

const AP = 'application/activity+json';
const silent = pino({ level: 'silent' });
const seen: Array<{ plugin: string; actor: ActorRecord; services: unknown }> = [];

/** Two plugins adding fields, one trying to change core's, and one that fails. */
const plugins: Array<{ plugin: Pick<PluginDefinition<any>, 'id' | 'federation'> }> = [
  {
    plugin: {
      id: 'profiles',
      federation: {
        actorFields: (actor, services) => {
          seen.push({ plugin: 'profiles', actor, services });
          if (actor.type !== 'Person') return undefined;
          return {
            attachment: [{ type: 'PropertyValue', name: 'Website', value: '<a href="https://alice.example">alice.example</a>' }],
            name: 'Not the name core gives',
            inbox: 'https://evil.example/inbox',
          };
        },
      },
    },
  },
  { plugin: { id: 'broken', federation: { actorFields: () => Promise.reject(new Error('boom')) } } },
  {
    plugin: {
      id: 'microblog',
      federation: { actorFields: async (actor) => ({ featured: `${actor.uri}/pinned`, alsoKnownAs: ['https://old.example/users/alice'] }) },
    },
  },
];

describe('plugin fields on local actor documents', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    const actorFields = pluginActorFields(plugins, (id) => ({ viewOf: id }), silent);
    app = await createFederationTestApp({ extraDeps: { actorFields: actorFields! } });
    await app.signUp('alice');
  });
  afterAll(() => app?.close());

  it('adds what the plugins give, each with its own services, and keeps core’s fields as core wrote them', async () => {
    const response = await app.app.inject({ url: '/actors/alice', headers: { accept: AP } });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.attachment).toEqual([{ type: 'PropertyValue', name: 'Website', value: '<a href="https://alice.example">alice.example</a>' }]);
    expect(document.alsoKnownAs).toEqual(['https://old.example/users/alice']);
    // featured is not core's to keep: the plugin's collection replaces the empty one.
    expect(document.featured).toBe(`${app.publicUrl}/actors/alice/pinned`);
    expect(document.name).toBe('alice');
    expect(document.inbox).toBe(`${app.publicUrl}/actors/alice/inbox`);
    // The context maps what plugins add, as Mastodon does.
    expect(document['@context'].at(-1)).toMatchObject({ PropertyValue: 'schema:PropertyValue', value: 'schema:value', alsoKnownAs: { '@id': 'as:alsoKnownAs' } });
    const asked = seen.find((entry) => entry.actor.username === 'alice');
    expect(asked).toMatchObject({ plugin: 'profiles', services: { viewOf: 'profiles' }, actor: { type: 'Person', uri: `${app.publicUrl}/actors/alice` } });
    expect(asked!.actor.accountId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives the same fields to the Update that tells followers of a profile change', async () => {
    const actorFields = pluginActorFields(plugins, (id, tx) => ({ viewOf: id, inTransaction: tx !== undefined }), silent)!;
    const alice = await app.accounts.actors.byUsername('alice');
    const sent: Array<Record<string, any>> = [];
    await app.database.db.transaction().execute((tx) =>
      publishActorUpdate(
        { publishActivity: async (activity: Record<string, unknown>) => void sent.push(activity) } as never,
        { publicUrl: app.publicUrl, actorId: alice!.id, tx, actorFields },
      ),
    );
    expect(sent[0]).toMatchObject({ type: 'Update', object: { id: alice!.uri, alsoKnownAs: ['https://old.example/users/alice'], attachment: [{ name: 'Website' }], name: 'alice' } });
    expect(seen.at(-1)).toMatchObject({ services: { viewOf: 'profiles', inTransaction: true } });
  });

  it('adds nothing when no plugin has actorFields', () => {
    expect(pluginActorFields([{ plugin: { id: 'plain' } }], () => ({}), silent)).toBeUndefined();
  });
});
