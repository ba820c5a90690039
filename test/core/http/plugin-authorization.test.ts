import { createContainer } from 'awilix';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { instanceSettingsSchema, UnauthenticatedError, type AccountsPort, type Viewer } from '@commonplace/sdk/internal';
import { registerGraphQL } from '../../../core/src/graphql/register-graphql.js';
import { claimedAuthorization, requestScopePlugin, type BoundAuthenticator } from '../../../core/src/http/request-scope.js';
import { openAccountsFixture, PASSWORD, type AccountsFixture } from '../accounts/service-fixture.js';

/**
 * A plugin's authenticator for a client API whose tokens look like `app_<account id>`: it claims only
 * Bearer headers of that form (core's own `cp_` tokens are never its), and refuses ones it does not know.
 */
function appTokens(known: Map<string, string>): BoundAuthenticator {
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

/**
 * A client API's authenticator for the tokens its plugin issued through its AccountsPort (they look
 * like core's, `cp_`, but core's bearer check refuses them): it accepts one only under `/client/`,
 * the routes whose scopes it understands; on /graphql a `read` token would be the whole account.
 */
function clientApi(port: AccountsPort): BoundAuthenticator {
  return {
    name: 'client-api',
    headers: [],
    authorizationSchemes: ['Bearer'],
    claims: (header) => /^Bearer\s+cp_/i.test(header),
    async authenticate(request) {
      if (!request.url.startsWith('/client/')) throw new UnauthenticatedError('Client API tokens work on /client/ only.');
      const token = /^Bearer\s+(\S+)/i.exec(String(request.headers.authorization))?.[1] ?? '';
      const viewer = await port.checkToken(token);
      if (!viewer) throw new UnauthenticatedError('Unknown client API token.');
      return { accountId: viewer.accountId };
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
  const root = createContainer();
  const createScope = vi.spyOn(root, 'createScope');

  beforeAll(async () => {
    fixture = await openAccountsFixture('pglite');
    const grant = await fixture.accounts.service.signUp({ username: 'alice', email: 'alice@example.org', password: PASSWORD });
    alice = { accountId: grant.accountId, token: grant.token };
    known.set('app_alice', grant.accountId);
    const settings = instanceSettingsSchema.parse({});
    const log = pino({ level: 'silent' });
    app = Fastify();
    await app.register(requestScopePlugin, {
      root: root as never,
      authenticate: fixture.accounts.authenticate,
      plugins: {
        authenticators: [appTokens(known), clientApi(fixture.accounts.ports.forPlugin('client-api'))],
        viewerForAccount: fixture.accounts.viewerForAccount,
      },
    });
    await registerGraphQL(app, schema, settings.graphql, log);
    // A plugin route that never asks for the request's scope.
    app.get('/client/me', async (request) => ({ me: request.viewer?.username ?? null, via: request.viewer?.sessionId ?? null }));
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

  const askClient = (authorization: string) => app.inject({ method: 'GET', url: '/client/me', headers: { authorization } });

  it('does not take a token a plugin issued (a `read` token) as a log-in on /graphql: only its plugin’s authenticator, where it accepts it', async () => {
    const port = fixture.accounts.ports.forPlugin('client-api');
    const issued = await port.issueToken(alice.accountId, { label: 'Some client', scopes: ['read'] });
    // Core's bearer check refuses it; the client API's authenticator claims it and turns it down on /graphql.
    const onGraphQL = await ask(`Bearer ${issued.token}`);
    expect(onGraphQL.statusCode).toBe(401);
    expect(onGraphQL.json().errors[0].message).toBe('Client API tokens work on /client/ only.');
    expect((await askClient(`Bearer ${issued.token}`)).json()).toEqual({ me: 'alice', via: 'client-api' });
    // Another plugin's token is not the client API's, and core's log-in still works everywhere.
    const foreign = await fixture.accounts.ports.forPlugin('another-plugin').issueToken(alice.accountId, { label: 'Other' });
    expect((await askClient(`Bearer ${foreign.token}`)).statusCode).toBe(401);
    expect((await ask(`Bearer ${foreign.token}`)).statusCode).toBe(401);
    expect((await askClient(`Bearer ${alice.token}`)).json()).toEqual({ me: 'alice', via: expect.any(String) });
    await port.revokeToken(issued.sessionId);
    expect((await askClient(`Bearer ${issued.token}`)).statusCode).toBe(401);
  });

  it('asks an authenticator without making the request a scope', async () => {
    createScope.mockClear();
    expect((await askClient('Bearer app_alice')).json()).toEqual({ me: 'alice', via: 'app-tokens' });
    expect(createScope).not.toHaveBeenCalled();
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
