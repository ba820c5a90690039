import { createContainer } from 'awilix';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceSettingsSchema, UnauthenticatedError, type RequestAuthenticator, type Viewer } from '@commonplace/sdk/internal';
import { registerGraphQL } from '../../../core/src/graphql/register-graphql.js';
import { claimedAuthorization, requestScopePlugin } from '../../../core/src/http/request-scope.js';
import { openAccountsFixture, PASSWORD, type AccountsFixture } from '../accounts/service-fixture.js';

/**
 * A plugin's authenticator for a client API whose tokens look like `app_<account id>`: it claims only
 * Bearer headers of that form (core's own `cp_` tokens are never its), and refuses ones it does not know.
 */
function appTokens(known: Map<string, string>): RequestAuthenticator {
  return {
    name: 'app-tokens',
    headers: [],
    authorizationSchemes: ['Bearer'],
    claims: (header) => /^Bearer\s+app_/i.test(header),
    async authenticate(request) {
      const token = /^Bearer\s+(\S+)/i.exec(String(request.headers.authorization))?.[1] ?? '';
      const accountId = known.get(token);
      if (!accountId) throw new UnauthenticatedError('That app token was revoked.');
      return { accountId };
    },
  };
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      me: { type: GraphQLString, resolve: (_root, _args, context: { viewer: Viewer | null }) => context.viewer?.username ?? null },
      via: { type: GraphQLString, resolve: (_root, _args, context: { viewer: Viewer | null }) => context.viewer?.sessionId ?? null },
    },
  }),
});

describe('Authorization headers a plugin claims', () => {
  let fixture: AccountsFixture;
  let app: FastifyInstance;
  let alice: { accountId: string; token: string };
  const known = new Map<string, string>();

  beforeAll(async () => {
    fixture = await openAccountsFixture('pglite');
    const grant = await fixture.accounts.service.signUp({ username: 'alice', email: 'alice@example.org', password: PASSWORD });
    alice = { accountId: grant.accountId, token: grant.token };
    known.set('app_alice', grant.accountId);
    const settings = instanceSettingsSchema.parse({});
    const log = pino({ level: 'silent' });
    app = Fastify();
    await app.register(requestScopePlugin, {
      root: createContainer() as never,
      authenticate: fixture.accounts.authenticate,
      plugins: { authenticators: [appTokens(known)], viewerForAccount: fixture.accounts.viewerForAccount },
    });
    await registerGraphQL(app, schema, settings.graphql, log);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.destroy();
  });

  const ask = (authorization?: string) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
      payload: { query: '{ me via }' },
    });

  it('serves a token of the plugin’s own format as the account its authenticator names', async () => {
    const response = await ask('Bearer app_alice');
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual({ me: 'alice', via: 'app-tokens' });
  });

  it('refuses with 401 a claimed token the authenticator turns down, with its reason', async () => {
    const response = await ask('Bearer app_mallory');
    expect(response.statusCode).toBe(401);
    expect(response.json().errors[0]).toMatchObject({ message: 'That app token was revoked.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('still refuses with 401 a bearer token neither core nor a plugin claims, and other schemes', async () => {
    for (const header of ['Bearer cp_unknown-token-nobody-issued-xxxxxxxxxxxxxxxxxxx', 'Bearer somethingelse', 'Basic YWxpY2U6cHc=', '']) {
      const response = await ask(header);
      expect(response.statusCode, header).toBe(401);
      expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await ask()).json().data).toEqual({ me: null, via: null });
  });

  it('serves core’s own session tokens as before', async () => {
    expect((await ask(`Bearer ${alice.token}`)).json().data.me).toBe('alice');
  });

  it('accepts a token a plugin issued through the AccountsPort as that account, until it is revoked', async () => {
    const issued = await fixture.accounts.port.issueToken(alice.accountId, { label: 'Some client', scopes: ['read'] });
    const before = await ask(`Bearer ${issued.token}`);
    expect(before.json().data).toEqual({ me: 'alice', via: issued.sessionId });
    await fixture.accounts.port.revokeToken(issued.sessionId);
    expect((await ask(`Bearer ${issued.token}`)).statusCode).toBe(401);
  });

  it('asks only authenticators that take the scheme and claim the header, in order', () => {
    const first = { ...appTokens(known), name: 'first', authorizationSchemes: ['basic'], claims: (header: string) => header.startsWith('Basic ') };
    const second = { ...appTokens(known), name: 'second', claims: undefined };
    expect(claimedAuthorization([first, second], 'Basic abc')?.name).toBe('first');
    expect(claimedAuthorization([first, second], 'bearer anything')?.name).toBe('second');
    expect(claimedAuthorization([first], 'Bearer app_alice')).toBeUndefined();
    expect(claimedAuthorization([appTokens(known)], 'Bearer cp_x')).toBeUndefined();
    expect(claimedAuthorization([{ ...appTokens(known), authorizationSchemes: undefined }], 'Bearer app_alice')).toBeUndefined();
  });
});
