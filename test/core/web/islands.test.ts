import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import educationCommons from '@commonplace/plugin-education-commons';
import { WEB_BUILD_DIR } from '../../../core/src/http/web-assets.js';
import { readAssetsManifest, SESSION_COOKIE } from '../../../core/src/web/server/index.js';

const LIKE = 'education-commons.like';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Every `<script ...>` tag of a page. */
const scriptsOf = (html: string) => html.match(/<script\b[^>]*>/g) ?? [];
const nonceOf = (response: LightMyRequestResponse) => /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))?.[1];

/**
 * Islands end to end on the server side: core's Vite build gives education-commons' like button
 * (declared in its manifest's web.islands) its own content-hashed entry beside one shared React chunk,
 * the resource page sends exactly that script with the response's CSP nonce (and none to an
 * anonymous visitor, who gets no button), and the page's form answers a JSON post with the action's
 * result, which is what the island does instead of reloading.
 */
describe('islands', () => {
  let instance: TestInstance;
  let ada: TestUser;
  let resourceId: string;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-web-assets.mjs', '--if-stale'], { cwd: new URL('../../../', import.meta.url) });
    instance = await createTestInstance({ name: 'Island Commons', plugins: [educationCommons] });
    ada = await instance.signUp('ada', { password: 'a long and memorable passphrase' });
    const collection = await instance.graphql<{ createCollection: { id: string } }>(
      'mutation ($input: EducationCreateCollectionInput!) { createCollection(input: $input) { id } }',
      { input: { name: 'Islands' } },
      { as: ada },
    );
    expect(collection.errors).toBeUndefined();
    const resource = await instance.graphql<{ createResource: { id: string } }>(
      'mutation ($input: EducationCreateResourceInput!) { createResource(input: $input) { id } }',
      { input: { collectionId: collection.data!.createCollection.id, name: 'Tide tables', url: 'https://oer.example.org/tides', licence: 'CC-BY-4.0' } },
      { as: ada },
    );
    expect(resource.errors).toBeUndefined();
    resourceId = resource.data!.createResource.id;
  }, 240_000);
  afterAll(() => instance?.close());

  it('builds the like island as its own hashed entry that imports React from one shared production chunk', () => {
    const manifest = readAssetsManifest();
    const like = manifest?.island(LIKE);
    expect(like?.script).toMatch(/^\/assets\/island-education-commons\.like-[\w-]+\.js$/);
    const react = like!.preload.filter((file) => /\/react-[\w-]+\.js$/.test(file));
    expect(react).toHaveLength(1);
    const reactCode = readFileSync(`${WEB_BUILD_DIR}${react[0]!.slice(1)}`, 'utf8');
    // React's development build warns of this; the production build has no such text.
    expect(reactCode).not.toContain('is deprecated in plain JavaScript React classes');
    expect(manifest?.island('education-commons.nothing')).toBeUndefined();
  });

  it("sends a signed-in reader exactly the like island's script, with the response's nonce, and an anonymous one no script", async () => {
    const url = `/education-commons/resources/${resourceId}`;
    const signedIn = await instance.inject({ url, headers: { accept: 'text/html', cookie: `${SESSION_COOKIE}=${ada.token}` } });
    expect(signedIn.statusCode).toBe(200);
    const nonce = nonceOf(signedIn);
    expect(nonce).toBeTruthy();
    const { script, preload } = readAssetsManifest()!.island(LIKE)!;
    expect(scriptsOf(signedIn.body)).toEqual([`<script type="module" src="${script}" nonce="${nonce}">`]);
    // What it imports is preloaded (React's chunk among them), with the nonce too.
    for (const file of preload) expect(signedIn.body).toContain(`<link rel="modulepreload" href="${file}" nonce="${nonce}">`);
    expect(signedIn.body).toContain(`<div data-island="${LIKE}"`);
    // The server-rendered island is a working form before any script runs.
    expect(signedIn.body).toMatch(/<div data-island="education-commons\.like"[^>]*><div class="cluster"><form [^>]*method="post"><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="_action" value="like"\/>/);

    const anonymous = await instance.inject({ url, headers: { accept: 'text/html' } });
    expect(anonymous.statusCode).toBe(200);
    expect(scriptsOf(anonymous.body)).toEqual([]);
    expect(anonymous.body).not.toContain('data-island');
  });

  it("answers the page's form posted with Accept: application/json with the action's result, and a plain post with a redirect", async () => {
    const url = `/education-commons/resources/${resourceId}`;
    const session = `${SESSION_COOKIE}=${ada.token}`;
    const page = await instance.inject({ url, headers: { accept: 'text/html', cookie: session } });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const setCookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
    const csrfCookie = setCookies.map((line) => line.split(';')[0]!).find((pair) => /^(__Host-)?commonplace_csrf=/.test(pair));
    const cookie = [session, csrfCookie].filter(Boolean).join('; ');
    const post = (action: string, accept: string) =>
      instance.inject({ method: 'POST', url, headers: { ...FORM, accept, cookie }, payload: new URLSearchParams({ _csrf: token, _action: action }).toString() });

    const liked = await post('like', 'application/json');
    expect(liked.statusCode).toBe(200);
    expect(liked.json()).toEqual({ ok: true, result: { like: { liked: true, likeCount: 1 } }, redirect: url });

    const unliked = await post('unlike', 'text/html');
    expect(unliked.statusCode).toBe(303);
    expect(unliked.headers.location).toBe(url);

    // A refusal: the errors by field, with the refusal's status, not a page.
    const refused = await instance.inject({
      method: 'POST',
      url: '/education-commons/resources/00000000-0000-4000-8000-000000000000',
      headers: { ...FORM, accept: 'application/json', cookie },
      payload: new URLSearchParams({ _csrf: token, _action: 'like' }).toString(),
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.json()).toMatchObject({ ok: false, errors: expect.any(Object) });
  });
});
