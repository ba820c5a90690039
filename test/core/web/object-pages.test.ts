import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { createContainer } from 'awilix';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { instanceSettingsSchema, type FederationObjectHandler, type GraphQLContext, type Viewer } from '@commonplace/sdk/internal';
import type { PageProps, WebContribution } from '@commonplace/sdk/web';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { requestScopePlugin } from '../../../core/src/http/request-scope.js';
import { pluginObjectRoutes } from '../../../core/src/federation/documents/plugin-object-routes.js';
import { BareLayout, plainI18n, registerWebFrontEnd } from '../../../core/src/web/server/index.js';

const PUBLIC_URL = 'https://things.example';
const AP = 'application/activity+json';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SIGNER = 'https://remote.example/users/bea';

interface Thing {
  id: string;
  title: string;
  owner: string;
  draft: boolean;
  deleted: boolean;
}

/**
 * A fixture plugin: things at /things/:id, federated (a Note, or a Tombstone once deleted; drafts load
 * for nobody over ActivityPub) and shown by a web page at the same path, whose query lets the owner see
 * a draft. A second handler (/relics/:id) has only `dispatch.html`.
 */
function thingsWorld() {
  const things = new Map<string, Thing>([
    ['t1', { id: 't1', title: 'A <shared> thing', owner: 'ada', draft: false, deleted: false }],
    ['t2', { id: 't2', title: 'Gone thing', owner: 'ada', draft: false, deleted: true }],
    ['t3', { id: 't3', title: 'Draft thing', owner: 'ada', draft: true, deleted: false }],
  ]);
  const ada: Viewer = { accountId: 'acc-ada', actorId: 'actor-ada', username: 'ada', roles: ['member'], sessionId: 's-ada' };
  const ThingType = new GraphQLObjectType({ name: 'Thing', fields: { id: { type: new GraphQLNonNull(GraphQLID) }, title: { type: new GraphQLNonNull(GraphQLString) } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        thing: {
          type: ThingType,
          args: { id: { type: new GraphQLNonNull(GraphQLID) } },
          // What the viewer may see: nothing deleted; a draft only by its owner.
          resolve: (_root, { id }: { id: string }, context: GraphQLContext) => {
            const thing = things.get(id);
            if (!thing || thing.deleted) return null;
            if (thing.draft && context.viewer?.username !== thing.owner) return null;
            return thing;
          },
        },
      },
    }),
  });
  const handler: FederationObjectHandler<Thing> = {
    types: ['Note'],
    dispatch: {
      path: '/things/:id',
      load: async (id) => {
        const thing = things.get(id);
        return thing && !thing.draft ? thing : null;
      },
      html: () => '<p>never: the web page takes this path</p>',
    },
    toActivityPub: (thing) =>
      thing.deleted ? { id: `${PUBLIC_URL}/things/${thing.id}`, type: 'Tombstone' } : { id: `${PUBLIC_URL}/things/${thing.id}`, type: 'Note', name: thing.title },
  };
  const relics: FederationObjectHandler<{ id: string }> = {
    types: ['Article'],
    dispatch: { path: '/relics/:id', load: async (id) => ({ id }), html: ({ id }) => `<!doctype html><p>relic ${id}</p>` },
    toActivityPub: ({ id }) => ({ id: `${PUBLIC_URL}/relics/${id}`, type: 'Article' }),
  };
  const ThingPage = ({ data }: PageProps<{ thing: { title: string } }>) => createElement('h1', null, data.thing.title);
  const web: WebContribution = {
    pages: [
      {
        path: '/things/:id',
        query: 'query ($id: ID!) { thing(id: $id) { id title } }',
        variables: (params) => ({ id: params.id }),
        notFound: (data: { thing: unknown }) => !data.thing,
        component: ThingPage,
        title: ({ data }: PageProps<{ thing: { title: string } }>) => data.thing.title,
        head: ({ data }: PageProps<{ thing: { id: string } }>) => ({ activityPubId: `${PUBLIC_URL}/things/${data.thing.id}` }),
      },
    ],
  };
  const authenticate = async (token: string) => (token === 'ada-token' ? ada : null);
  return { schema, handlers: [handler, relics], contributions: [{ owner: 'things', web }], authenticate };
}

async function thingsApp(authorizedFetch: boolean): Promise<FastifyInstance> {
  const world = thingsWorld();
  const settings = instanceSettingsSchema.parse({});
  const logger = pino({ level: 'silent' });
  const app = await createHttpApp({ settings, logger });
  await app.register(requestScopePlugin, { root: createContainer() as never, authenticate: world.authenticate });
  // As boot does: the object routes first, then the web front end, whose page takes the object's path.
  await pluginObjectRoutes(app, {
    handlers: world.handlers,
    authorizedFetch: { enabled: authorizedFetch, isSignedFetch: (request) => (request.headers.signature === 'valid' ? { signer: SIGNER } : false) },
    followedLocalActors: async () => new Set(),
    pageSize: 10,
  });
  await registerWebFrontEnd(app, {
    schema: world.schema,
    contributions: world.contributions,
    layout: BareLayout,
    settings,
    publicUrl: PUBLIC_URL,
    instanceName: 'Things',
    i18n: plainI18n(world.contributions),
    assets: null,
    log: logger,
    authenticate: world.authenticate,
  });
  await app.ready();
  return app;
}

describe("an object's ActivityPub id is its page", () => {
  let open: FastifyInstance;
  let locked: FastifyInstance;
  beforeAll(async () => {
    open = await thingsApp(false);
    locked = await thingsApp(true);
  });
  afterAll(async () => {
    await open?.close();
    await locked?.close();
  });

  it('gives the ActivityPub JSON to a server and the web page to a browser, at the same URL, varying by Accept', async () => {
    const json = await open.inject({ url: '/things/t1', headers: { accept: AP } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/activity+json; charset=utf-8');
    expect(json.json()).toMatchObject({ id: `${PUBLIC_URL}/things/t1`, type: 'Note', name: 'A <shared> thing' });
    expect(json.headers.vary).toMatch(/Accept/);

    const page = await open.inject({ url: '/things/t1', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The page, not the handler's dispatch.html: rendered in the layout with its query's data, escaped.
    expect(page.body).toContain('<h1>A &lt;shared&gt; thing</h1>');
    expect(page.body).not.toContain('never: the web page');
    expect(page.body).toContain(`<link rel="alternate" type="application/activity+json" href="${PUBLIC_URL}/things/t1"`);
    expect(page.headers['content-security-policy']).toMatch(/nonce-/);
    expect(String(page.headers.vary).split(/,\s*/)).toEqual(expect.arrayContaining(['Accept', 'Cookie', 'Accept-Language']));
  });

  it("lets the page's query decide what a viewer sees: the owner sees a draft that servers and anonymous visitors do not", async () => {
    expect((await open.inject({ url: '/things/t3', headers: { accept: AP } })).statusCode).toBe(404);
    const anonymous = await open.inject({ url: '/things/t3', headers: { accept: BROWSER } });
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.body).toContain('<html');
    const owner = await open.inject({ url: '/things/t3', headers: { accept: BROWSER, cookie: 'commonplace_session=ada-token' } });
    expect(owner.statusCode).toBe(200);
    expect(owner.body).toContain('<h1>Draft thing</h1>');
    expect(owner.headers['cache-control']).toBe('private, no-store');
  });

  it('answers 410 for a Tombstone, to a server and to a browser; 404 for an unknown id to both', async () => {
    const json = await open.inject({ url: '/things/t2', headers: { accept: AP } });
    expect(json.statusCode).toBe(410);
    expect(json.json()).toMatchObject({ type: 'Tombstone' });
    const page = await open.inject({ url: '/things/t2', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('This is gone');

    expect((await open.inject({ url: '/things/nope', headers: { accept: AP } })).statusCode).toBe(404);
    const missing = await open.inject({ url: '/things/nope', headers: { accept: BROWSER } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('keeps authorized fetch for the JSON (401 unsigned, 200 signed) while browsers still get the page', async () => {
    const unsigned = await locked.inject({ url: '/things/t1', headers: { accept: AP } });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toMatchObject({ code: 'SIGNATURE_REQUIRED' });
    const signed = await locked.inject({ url: '/things/t1', headers: { accept: AP, signature: 'valid' } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ type: 'Note' });
    expect(signed.headers.vary).toBe('Accept, Signature, Signature-Input');
    const page = await locked.inject({ url: '/things/t1', headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>A &lt;shared&gt; thing</h1>');
  });

  it("keeps dispatch.html for a handler no page takes, and refuses what accepts neither (406)", async () => {
    const relic = await open.inject({ url: '/relics/r9', headers: { accept: BROWSER } });
    expect(relic.statusCode).toBe(200);
    expect(relic.body).toBe('<!doctype html><p>relic r9</p>');
    expect((await open.inject({ url: '/relics/r9', headers: { accept: AP } })).json()).toMatchObject({ type: 'Article' });
    expect((await open.inject({ url: '/things/t1', headers: { accept: 'image/png' } })).statusCode).toBe(406);
  });
});
