import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from 'awilix';
import { pino } from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { requestScopePlugin } from '../../../core/src/http/request-scope.js';
import { assetsManifestOf, BareLayout, plainI18n, registerWebFrontEnd, SESSION_COOKIE } from '../../../core/src/web/server/index.js';
import { notesWorld } from './fixtures/notes-web.js';

const PUBLIC_URL = 'https://notes.example';

/** A Vite manifest as the build writes it: the design system's stylesheet and one island with a shared chunk. */
const MANIFEST = {
  'ui/styles.css': { file: 'assets/ui-abc123.css', name: 'ui', src: 'ui/styles.css', isEntry: true },
  'islands/like.tsx': { file: 'assets/island-notes.like-def456.js', name: 'island-notes.like', src: 'islands/like.tsx', isEntry: true, imports: ['_react.js'] },
  'islands/other.tsx': { file: 'assets/island-notes.other-999.js', name: 'island-notes.other', src: 'islands/other.tsx', isEntry: true, imports: ['_react.js'] },
  '_react.js': { file: 'assets/react-789.js', name: 'react' },
};

async function webApp(world: ReturnType<typeof notesWorld>): Promise<FastifyInstance> {
  const settings = instanceSettingsSchema.parse({});
  const logger = pino({ level: 'silent' });
  const app = await createHttpApp({ settings, logger });
  await app.register(requestScopePlugin, { root: createContainer() as never, authenticate: world.authenticate });
  await registerWebFrontEnd(app, {
    schema: world.schema,
    contributions: world.contributions,
    layout: BareLayout,
    settings,
    publicUrl: PUBLIC_URL,
    instanceName: 'Notes & Co',
    i18n: plainI18n(world.contributions),
    assets: assetsManifestOf(MANIFEST),
    log: logger,
    authenticate: world.authenticate,
  });
  app.get('/api/whoami', async (request) => ({ viewer: request.viewer?.username ?? null }));
  await app.ready();
  return app;
}

/** The cookies a response sets, by name (value '' when it clears one). */
function cookiesOf(response: LightMyRequestResponse): Record<string, { value: string; raw: string }> {
  const set = response.headers['set-cookie'];
  const lines = Array.isArray(set) ? set : set ? [set] : [];
  return Object.fromEntries(lines.map((raw) => [raw.split('=')[0]!, { value: raw.slice(raw.indexOf('=') + 1).split(';')[0]!, raw }]));
}

/** The CSRF token of a form on the page, and the cookie it goes with. */
function csrfOf(response: LightMyRequestResponse): { token: string; cookie: string } {
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  const cookie = cookiesOf(response)['__Host-commonplace_csrf']?.value;
  if (!token || !cookie) throw new Error(`no CSRF token or cookie in the response (${response.statusCode})`);
  return { token, cookie };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the web front end kernel', () => {
  let world: ReturnType<typeof notesWorld>;
  let app: FastifyInstance;
  beforeAll(async () => {
    world = notesWorld();
    app = await webApp(world);
  });
  afterAll(() => app?.close());

  /** Logs in through core's log-in form; returns the session cookie's value. */
  async function logIn(login = 'ada'): Promise<string> {
    const page = await app.inject({ url: '/login' });
    const { token, cookie } = csrfOf(page);
    const posted = await app.inject({
      method: 'POST',
      url: '/login?next=%2Fnotes%2Fnew',
      headers: { ...FORM, cookie: `__Host-commonplace_csrf=${cookie}` },
      payload: form({ _csrf: token, _action: 'logIn', login, password: 'correct horse' }),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/notes/new');
    const session = cookiesOf(posted)[SESSION_COOKIE]!;
    expect(session.raw).toMatch(/HttpOnly/);
    expect(session.raw).toMatch(/SameSite=Lax/);
    expect(session.raw).toMatch(/Secure/);
    expect(session.raw).toMatch(/Path=\//);
    return session.value;
  }

  it("renders a plugin's page with its query's data, escaped, inside the layout, as the GraphQL context resolvers get", async () => {
    const response = await app.inject({ url: '/notes/n1', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(response.body).toContain('<h1>First &lt;note&gt;</h1>');
    expect(response.body).toContain('<title>First &lt;note&gt; · Notes &amp; Co</title>');
    expect(response.body).toContain('<a href="/">Notes &amp; Co</a>');
    expect(response.body).toContain('anonymous');
    const context = world.seen.contexts.at(-1) as Record<string, unknown>;
    expect(Object.keys(context).sort()).toEqual(['ip', 'requestId', 'scope', 'viewer']);
  });

  it("renders other plugins' slot panels with their own data, as the viewer may see them", async () => {
    const anonymous = await app.inject({ url: '/notes/n1' });
    expect(anonymous.body).toMatch(/<aside class="count">\d+<!-- --> notes, this one <!-- -->n1<\/aside>/);
    expect(anonymous.body).not.toContain('Moderate');
    const admin = await app.inject({ url: '/notes/n1', headers: { cookie: `${SESSION_COOKIE}=${await logIn('root')}` } });
    // Lower order first: the admin's panel comes before the count.
    expect(admin.body).toMatch(/data-slot="note.aside"><aside class="admin-only">Moderate<\/aside><aside class="count">/);
  });

  it('gives the page OpenGraph, the alternate ActivityPub link and the stylesheet from head and the manifest', async () => {
    const { body } = await app.inject({ url: '/notes/n1' });
    expect(body).toContain('<link rel="alternate" type="application/activity+json" href="https://notes.example/ap/notes/n1">');
    expect(body).toContain('<meta property="og:type" content="article">');
    expect(body).toContain('<meta property="og:url" content="https://notes.example/notes/n1">');
    expect(body).toContain('<meta property="og:description" content="A note: First &lt;note&gt;">');
    expect(body).toContain('<link rel="stylesheet" href="/assets/ui-abc123.css">');
  });

  it('sends a nonce in the Content-Security-Policy, new for each response, and the scripts of only the islands rendered carry it', async () => {
    const first = await app.inject({ url: '/notes/n1' });
    const second = await app.inject({ url: '/notes/n1' });
    const policy = String(first.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).not.toContain('unsafe-inline\' \'strict');
    expect(policy).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
    expect(String(second.headers['content-security-policy'])).not.toContain(nonce);
    expect(first.body).toContain(`<script type="module" src="/assets/island-notes.like-def456.js" nonce="${nonce}"></script>`);
    expect(first.body).toContain(`<link rel="modulepreload" href="/assets/react-789.js" nonce="${nonce}">`);
    expect(first.body).toContain('<div data-island="notes.like" data-props="{&quot;id&quot;:&quot;n1&quot;}"><button type="button">Like <!-- -->n1</button></div>');
    expect(first.body).not.toContain('island-notes.other');
    // Every script the page has carries the nonce.
    const scripts = first.body.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    // A page without islands sends no script at all.
    const login = await app.inject({ url: '/login' });
    expect(login.body).not.toContain('<script');
  });

  it('answers 404 with the layout for a missing page, for data the page calls missing, and for a NOT_FOUND from the query', async () => {
    for (const url of ['/no/such/page', '/notes/nope', '/notes/gone']) {
      const response = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('<h1>Nothing here</h1>');
      expect(response.body, url).toContain('<a href="/">Notes &amp; Co</a>');
      expect(response.headers['content-security-policy'], url).toMatch(/'nonce-/);
    }
    // An API client keeps its JSON answer.
    const api = await app.inject({ url: '/no/such/page', headers: { accept: 'application/json' } });
    expect(api.json()).toMatchObject({ statusCode: 404 });
  });

  it('answers 500 without internals when a resolver fails unexpectedly', async () => {
    const response = await app.inject({ url: '/notes/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Something went wrong');
    expect(response.body).not.toContain('10.0.0.7');
    expect(response.body).not.toContain('exploded');
  });

  it('sends someone not logged in to log in and back from a signed-in page, and answers 403 to a viewer without the role', async () => {
    const anonymous = await app.inject({ url: '/notes/new?draft=1' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fnotes%2Fnew%3Fdraft%3D1');

    const session = await logIn();
    const member = await app.inject({ url: '/admin/notes', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(member.statusCode).toBe(403);
    expect(member.body).toContain('You cannot open this page');
    expect(member.body).not.toContain('Admin of notes');

    const admin = await app.inject({ url: '/admin/notes', headers: { cookie: `${SESSION_COOKIE}=${await logIn('root')}` } });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('Admin of notes');
  });

  it('reads the viewer from the session cookie, as resolvers see it, and sends an ended session to log in again', async () => {
    const session = await logIn();
    const page = await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Writing as <!-- -->ada');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(world.seen.viewers.at(-1)?.username).toBe('ada');

    world.sessions.delete(session);
    const ended = await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe('/login?next=%2Fnotes%2Fnew');
    expect(cookiesOf(ended)[SESSION_COOKIE]?.value).toBe('');
  });

  it('takes the session cookie on its own routes only: an API route stays bearer-only', async () => {
    const session = await logIn();
    expect((await app.inject({ url: '/notes/n1', headers: { cookie: `${SESSION_COOKIE}=${session}` } })).body).toContain('signed in as ada');
    expect((await app.inject({ url: '/api/whoami', headers: { cookie: `${SESSION_COOKIE}=${session}` } })).json()).toEqual({ viewer: null });
    expect((await app.inject({ url: '/api/whoami', headers: { authorization: `Bearer ${session}` } })).json()).toEqual({ viewer: 'ada' });
  });

  it('runs a form action as the viewer: success redirects (303) to where the result says', async () => {
    const session = await logIn();
    const page = await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    const { token, cookie } = csrfOf(page);
    const posted = await app.inject({
      method: 'POST',
      url: '/notes/new',
      headers: { ...FORM, cookie: `${SESSION_COOKIE}=${session}; __Host-commonplace_csrf=${cookie}` },
      payload: form({ _csrf: token, _action: 'add', title: 'Second note' }),
    });
    expect(posted.statusCode).toBe(303);
    const id = [...world.notes.values()].find((note) => note.title === 'Second note')?.id;
    expect(posted.headers.location).toBe(`/notes/${id}`);
    expect(world.notes.get(id!)?.author).toBe('ada');
  });

  it('re-renders a refused form with the message by its field and the values refilled (400, 409), never a password', async () => {
    const session = await logIn();
    const page = await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    const { token, cookie } = csrfOf(page);
    const headers = { ...FORM, cookie: `${SESSION_COOKIE}=${session}; __Host-commonplace_csrf=${cookie}` };

    const blank = await app.inject({ method: 'POST', url: '/notes/new', headers, payload: form({ _csrf: token, _action: 'add', title: '   ' }) });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('<p id="title-error">Give the note a title.</p>');
    expect(blank.body).toContain('value="   "');

    const taken = await app.inject({ method: 'POST', url: '/notes/new', headers, payload: form({ _csrf: token, _action: 'add', title: 'First <note>' }) });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('<p role="alert">A note is already called First &lt;note&gt;.</p>');
    expect(taken.body).toContain('value="First &lt;note&gt;"');

    const login = await app.inject({ url: '/login' });
    const loginCsrf = csrfOf(login);
    const wrong = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `__Host-commonplace_csrf=${loginCsrf.cookie}` },
      payload: form({ _csrf: loginCsrf.token, _action: 'logIn', login: 'ada', password: 'hunter2' }),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong login or password.');
    expect(wrong.body).toContain('value="ada"');
    expect(wrong.body).not.toContain('hunter2');
    expect(cookiesOf(wrong)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses (403) a post without a CSRF token, or with one of another browser, and runs nothing', async () => {
    const session = await logIn();
    const before = world.notes.size;
    const bare = await app.inject({
      method: 'POST',
      url: '/notes/new',
      headers: { ...FORM, cookie: `${SESSION_COOKIE}=${session}` },
      payload: form({ _action: 'add', title: 'Forged' }),
    });
    expect(bare.statusCode).toBe(403);
    expect(bare.body).toContain('<html lang="en"');

    const mine = csrfOf(await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } }));
    const theirs = csrfOf(await app.inject({ url: '/login' }));
    const mixed = await app.inject({
      method: 'POST',
      url: '/notes/new',
      headers: { ...FORM, cookie: `${SESSION_COOKIE}=${session}; __Host-commonplace_csrf=${mine.cookie}` },
      payload: form({ _csrf: theirs.token, _action: 'add', title: 'Forged' }),
    });
    expect(mixed.statusCode).toBe(403);
    expect(world.notes.size).toBe(before);
  });

  it('never redirects to another site, whatever an action answers', async () => {
    const session = await logIn();
    const { token, cookie } = csrfOf(await app.inject({ url: '/notes/new', headers: { cookie: `${SESSION_COOKIE}=${session}` } }));
    const posted = await app.inject({
      method: 'POST',
      url: '/notes/new',
      headers: { ...FORM, cookie: `${SESSION_COOKIE}=${session}; __Host-commonplace_csrf=${cookie}` },
      payload: form({ _csrf: token, _action: 'escape' }),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/');
  });

  it('logs out through core\'s action: the cookie is cleared and the session ends for good', async () => {
    const session = await logIn();
    const { token, cookie } = csrfOf(await app.inject({ url: '/logout', headers: { cookie: `${SESSION_COOKIE}=${session}` } }));
    const out = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { ...FORM, cookie: `${SESSION_COOKIE}=${session}; __Host-commonplace_csrf=${cookie}` },
      payload: form({ _csrf: token, _action: 'logOut' }),
    });
    expect(out.statusCode).toBe(303);
    expect(cookiesOf(out)[SESSION_COOKIE]?.value).toBe('');
    expect(world.sessions.has(session)).toBe(false);
    // The old cookie, sent again, no longer signs anyone in.
    const again = await app.inject({ url: '/notes/n1', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(again.body).toContain('anonymous');
  });
});

describe('registering the web front end', () => {
  it('stops the boot when two contributions take one path, naming both owners', async () => {
    const world = notesWorld();
    const clash = [...world.contributions, { owner: 'copycat', web: { pages: [{ path: '/notes/:slug', component: () => null, title: () => 'x' }] } }];
    await expect(webApp({ ...world, contributions: clash })).rejects.toThrow(/\/notes\/:slug of copycat clashes with the page notes/);
  });

  it("stops the boot when a page's query does not fit the schema, naming its owner and path", async () => {
    const world = notesWorld();
    const broken = [{ owner: 'broken', web: { pages: [{ path: '/b', query: '{ nothing }', component: () => null, title: () => 'x' }] } }];
    await expect(webApp({ ...world, contributions: broken })).rejects.toThrow(/broken's page \/b: its GraphQL does not fit the schema/);
  });
});
