import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, sql } from '@commonplace/sdk';
import { createTestInstance as createCoreTestInstance } from '../../../core/src/testing/index.js';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { notesPlugin } from '../../fixtures/plugins/notes/index.js';

describe('the HTTP surface every instance has', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({
      name: 'Riverside Commons',
      plugins: [notesPlugin],
      settings: { http: { bodyLimitBytes: 2048, corsOrigins: ['https://app.example'] } },
    });
  });
  afterAll(() => instance.close());

  it('/healthz says the process is up', async () => {
    const response = await instance.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and the queue', async () => {
    const response = await instance.inject('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok' }, search: 'ok' });
  });

  it('/ shows a browser the front page: the instance’s name in the layout, its sign-up mode, a search box', async () => {
    const response = await instance.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/<h1[^>]*>Riverside Commons<\/h1>/);
    expect(response.body).toContain('<html lang="en"');
    expect(response.body).toMatch(/<form[^>]*action="\/search"/);
  });

  it('serves GraphiQL from its own assets, under a policy that allows scripts from itself only', async () => {
    const response = await instance.inject('/graphiql');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('GraphiQL');
    // Nothing from another origin (mercurius's page loaded React and GraphiQL from unpkg).
    expect(response.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/https?:|unsafe-eval/);
    expect(policy.split('; ').find((directive) => directive.startsWith('script-src'))).toBe("script-src 'self'");

    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(response.body)?.[1];
    expect(script).toBeDefined();
    const asset = await instance.inject(script!);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    // Hashed names: a browser keeps each file as long as it likes.
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await instance.inject('/assets/no-such-file.js')).statusCode).toBe(404);
    expect((await instance.inject('/assets/../graphiql/index.html')).statusCode).toBe(404);
  });

  it('gives GraphiQL the schema it cannot introspect within the depth limit', async () => {
    const response = await instance.inject('/graphiql/schema.json');
    expect(response.statusCode).toBe(200);
    const types = (response.json() as { data: { __schema: { types: Array<{ name: string }> } } }).data.__schema.types.map((type) => type.name);
    expect(types).toEqual(expect.arrayContaining(['Query', 'Mutation', 'NotesNote']));
  });

  it('answers the instance query', async () => {
    const { data } = await instance.graphql(`{ instance { name signUp plugins { id version } } }`);
    expect(data.instance).toEqual({ name: 'Riverside Commons', signUp: 'open', plugins: [{ id: 'notes', version: '1.0.0' }] });
  });

  it('sends security headers and a request id', async () => {
    const response = await instance.inject({ url: '/healthz', headers: { 'x-request-id': 'req-123' } });
    expect(response.headers['x-request-id']).toBe('req-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('allows only the configured CORS origins', async () => {
    const allowed = await instance.inject({ url: '/graphql', method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
    const refused = await instance.inject({ url: '/graphql', method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers malformed JSON with 400 and a reason', async () => {
    const response = await instance.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ message: expect.stringMatching(/not valid JSON/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('answers a body over the limit with 413 and a reason', async () => {
    const response = await instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: `{ instance { name } }`, padding: 'x'.repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().errors[0]).toMatchObject({ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers an unknown route with 404 and says which', async () => {
    const response = await instance.inject('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'Not Found', message: 'No route for GET /nowhere.' });
  });

  it('names an unknown field as a validation failure', async () => {
    const { errors } = await instance.graphql(`{ instance { colour } }`);
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors?.[0]?.message).toMatch(/colour/);
  });

  it('refuses a bearer token it does not know with 401 UNAUTHENTICATED', async () => {
    const response = await instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: 'Bearer cp_not-a-real-token', 'content-type': 'application/json' },
      payload: { query: '{ instance { name } }' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('limits set per instance', () => {
  it('refuses queries nested deeper than graphql.maxDepth', async () => {
    const instance = await createTestInstance({ plugins: [notesPlugin], settings: { graphql: { maxDepth: 3 } } });
    try {
      const { errors } = await instance.graphql(`{ notes { edges { node { id } } } }`);
      expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(errors?.[0]?.message).toMatch(/depth/i);
      expect((await instance.graphql(`{ notes { nodes { id } } }`)).errors).toBeUndefined();
    } finally {
      await instance.close();
    }
  });

  it('refuses a query whose estimated cost is over graphql.maxCost, with a code', async () => {
    const instance = await createTestInstance({ plugins: [notesPlugin], settings: { graphql: { maxCost: 500 } } });
    try {
      // Each page of 100 notes costs 100 times what one note asks for.
      const cheap = await instance.graphql(`{ notes(first: 10) { nodes { id text shouted } } }`);
      expect(cheap.errors).toBeUndefined();
      const response = await instance.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: { query: `{ notes(first: 100) { nodes { id text shouted } edges { cursor node { id text } } } }` },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 500 });
      expect(response.json().errors[0].message).toMatch(/cost \d+ exceeds the limit of 500/);
    } finally {
      await instance.close();
    }
  });

  it('rate-limits a client that sends too many requests, with 429 and a reason', async () => {
    const instance = await createTestInstance({ settings: { http: { rateLimit: { max: 3, windowMs: 60_000 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await instance.inject('/')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await instance.inject('/');
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      // A browser gets the front end's page saying so, still 429.
      const page = await instance.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain('Too many requests');
      // Probes stay reachable for the orchestrator even when a client is throttled.
      expect((await instance.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await instance.close();
    }
  });

  it('lets in-flight requests finish on shutdown, refusing new ones meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = definePlugin({
      id: 'slow',
      version: '1.0.0',
      routes: (app) => {
        app.get('/wait', async (request) => {
          entered();
          await gate;
          // Still able to use the database: shutdown closes it only after requests are done.
          const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(request.scope.cradle.db);
          return { finished: true, answer: rows[0]!.answer };
        });
      },
    });
    const instance = await createCoreTestInstance({ plugins: [slow] });
    const address = await instance.running.listen();
    const inFlight = fetch(`${address}/slow/wait`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inside;
    let closed = false;
    const closing = instance.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(closed).toBe(false);
    const refused = await fetch(`${address}/healthz`).then((r) => r.status, () => 'refused');
    expect([503, 'refused']).toContain(refused);
    release();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true, answer: 42 } });
    await closing;
    expect(closed).toBe(true);
  });
});
