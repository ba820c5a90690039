import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, UnauthenticatedError, type PluginServices } from '@commonplace/sdk';
import type { TestUser } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';

type ProfilesServices = PluginServices<{}, unknown>;

/**
 * A plugin as a client API would write one: its own token format (`app_<token>`, minted through the
 * AccountsPort), and a profile field on every Person's actor document.
 */
const issued = new Map<string, string>();
const profiles = definePlugin<ProfilesServices>({
  id: 'profiles',
  version: '1.0.0',
  authenticators: [
    {
      name: 'profiles-app',
      headers: [],
      authorizationSchemes: ['Bearer'],
      claims: (header) => /^Bearer\s+app_/i.test(header),
      async authenticate(request, services) {
        const app = /^Bearer\s+(app_\S+)/i.exec(String(request.headers.authorization))?.[1] ?? '';
        const token = issued.get(app);
        // The plugin's view holds the AccountsPort as `accounts`.
        const viewer = token ? await (services as ProfilesServices).accounts.checkToken(token) : null;
        if (!viewer) throw new UnauthenticatedError('Unknown app token.');
        return { accountId: viewer.accountId };
      },
    },
  ],
  federation: {
    actorFields: async (actor, services) =>
      actor.type === 'Person' ? { attachment: [{ type: 'PropertyValue', name: 'Instance', value: services.config.instanceName }] } : undefined,
  },
});

describe('a plugin’s authenticator and actor fields, booted', () => {
  let instance: CoreTestInstance;
  let alice: TestUser;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [profiles], name: 'Riverside', jobs: false });
    alice = await instance.signUp('alice');
  });
  afterAll(() => instance?.close());

  it('serves the app’s own token format as the account it was issued for, and refuses unknown ones', async () => {
    const port = instance.running.services.accountsPort.forPlugin('profiles');
    const token = await port.issueToken(alice.accountId, { label: 'Test client', scopes: ['read'] });
    issued.set('app_one', token.token);
    const me = await instance.graphql(`{ me { username } }`, {}, { as: 'app_one' });
    expect(me.data?.me?.username ?? me.errors).toBe('alice');
    // The session it wraps is the plugin's alone: not a log-in core takes as a plain bearer token.
    const plain = await instance.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' }, payload: { query: '{ me { username } }' } });
    expect(plain.statusCode).toBe(401);
    // A token another plugin issued is not this plugin's to check.
    issued.set('app_foreign', (await instance.running.services.accountsPort.forPlugin('other').issueToken(alice.accountId, { label: 'Other' })).token);
    const foreign = await instance.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer app_foreign', 'content-type': 'application/json' }, payload: { query: '{ me { username } }' } });
    expect(foreign.statusCode).toBe(401);
    const unknown = await instance.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer app_two', 'content-type': 'application/json' }, payload: { query: '{ me { username } }' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().errors[0].message).toBe('Unknown app token.');
    const stranger = await instance.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer nobody-issued-this', 'content-type': 'application/json' }, payload: { query: '{ me { username } }' } });
    expect(stranger.statusCode).toBe(401);
    await port.revokeToken(token.sessionId);
    expect((await instance.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Bearer app_one', 'content-type': 'application/json' }, payload: { query: '{ me { username } }' } })).statusCode).toBe(401);
  });

  it('adds the plugin’s fields to a Person’s actor document, asked with the plugin’s own services', async () => {
    const response = await instance.inject({ url: '/actors/alice', headers: { accept: 'application/activity+json' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().attachment).toEqual([{ type: 'PropertyValue', name: 'Instance', value: 'Riverside' }]);
  });
});
