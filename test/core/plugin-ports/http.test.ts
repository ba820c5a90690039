import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BadUserInputError, ServiceUnavailableError, type CommonplaceError, type OutboundHttp } from '@commonplace/sdk/internal';
import { createPluginPorts, type PluginPortsDeps } from '../../../core/src/plugin-ports/index.js';
import type { PinnedGet, PinnedResponse } from '../../../core/src/federation/fetch/pinned-get.js';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import { silentLog, testSettings } from './fixture.js';

/** The http port touches no database; the scheduler and secrets are not used here. */
function httpFor(allowPrivateAddresses: boolean, extra: Partial<PluginPortsDeps> = {}): OutboundHttp {
  return createPluginPorts({
    db: undefined as never,
    jobs: { enqueue: async () => ({ id: 'unused' }) },
    settings: testSettings({ federation: { allowPrivateAddresses } }),
    clock: new ManualClock(),
    log: silentLog,
    publicUrl: 'http://localhost.test',
    jobExists: () => false,
    ...extra,
  }).forPlugin('decidim').http;
}

async function failure(work: Promise<unknown>): Promise<CommonplaceError> {
  const error = await work.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: CommonplaceError) => e,
  );
  return error;
}

describe('plugin outbound http', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        if (request.url === '/hello') {
          response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test' });
          response.end(JSON.stringify({ hello: 'world' }));
        } else if (request.url === '/echo') {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ method: request.method, contentType: request.headers['content-type'], received: JSON.parse(body) }));
        } else if (request.url === '/slow') {
          setTimeout(() => response.end('late'), 2_000);
        } else if (request.url === '/big') {
          // Chunked, no Content-Length: the limit is enforced while reading.
          response.writeHead(200, { 'content-type': 'text/plain' });
          for (let i = 0; i < 10; i++) response.write('x'.repeat(1_000));
          response.end();
        } else if (request.url === '/missing') {
          response.writeHead(404, { 'content-type': 'text/plain' });
          response.end('no such page');
        } else if (request.url === '/moved') {
          response.writeHead(302, { location: '/hello' });
          response.end();
        } else {
          response.writeHead(500);
          response.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('without allowPrivateAddresses, 127.0.0.1 is refused before any connection, saying why', async () => {
    const http = httpFor(false);
    const before = seen.length;
    const error = await failure(http.request(`https://127.0.0.1:${new URL(base).port}/hello`));
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error.extensions).toMatchObject({ failure: 'address', field: 'url' });
    expect(error.message).toMatch(/address 127\.0\.0\.1 is private \(loopback\).*FEDERATION_ALLOW_PRIVATE=true/);
    // Plain http is for private networks only.
    expect((await failure(http.getJson(`${base}/hello`))).extensions.failure).toBe('scheme');
    expect(seen.length).toBe(before);
  });

  test('GET: status, lower-cased headers, the body as bytes, text and JSON; an error status does not throw', async () => {
    const http = httpFor(true);
    const response = await http.request(`${base}/hello`);
    expect(response.status).toBe(200);
    expect(response.headers['x-served-by']).toBe('test');
    expect(response.json()).toEqual({ hello: 'world' });
    expect(response.text()).toBe('{"hello":"world"}');
    expect(Buffer.from(response.body).toString()).toBe('{"hello":"world"}');
    expect(seen.at(-1)!.headers['user-agent']).toMatch(/^Commonplace\/.* \(\+http:\/\/localhost\.test\/\) decidim$/);

    const missing = await http.request(`${base}/missing`);
    expect([missing.status, missing.text()]).toEqual([404, 'no such page']);
    expect(() => missing.json()).toThrow(BadUserInputError);
    await expect(http.getJson(`${base}/missing`)).rejects.toThrow(/answered 404/);
  });

  test('POST JSON sends the body with its content type and reads the answer', async () => {
    const http = httpFor(true);
    expect(await http.postJson(`${base}/echo`, { title: 'Budget 2026', votes: [1, 2] }, { headers: { Authorization: 'Bearer t' } })).toEqual({
      method: 'POST',
      contentType: 'application/json',
      received: { title: 'Budget 2026', votes: [1, 2] },
    });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer t');
    const put = await http.request(`${base}/echo`, { method: 'PUT', body: '{"raw":true}', headers: { 'content-type': 'application/json' } });
    expect(put.json()).toMatchObject({ method: 'PUT', received: { raw: true } });
  });

  test('a redirect on the same server is followed; the final URL is given', async () => {
    const response = await httpFor(true).request(`${base}/moved`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${base}/hello`);
  });

  test('a request past its timeout fails as a timeout', async () => {
    const error = await failure(httpFor(true).request(`${base}/slow`, { timeoutMs: 200 }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.extensions.failure).toBe('timeout');
    expect(error.message).toContain('timed out after 200 ms');
  });

  test('an answer over maxBytes is cut off with an error', async () => {
    const http = httpFor(true);
    const error = await failure(http.request(`${base}/big`, { maxBytes: 4_000 }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.extensions.failure).toBe('too-large');
    expect(error.message).toContain('larger than 4000 bytes');
    expect((await http.request(`${base}/big`, { maxBytes: 20_000 })).body).toHaveLength(10_000);
  });

  describe('redirects, each hop checked again', () => {
    // A public server played without traffic: public.example resolves to a public address.
    const resolver = async (host: string) => (host === 'public.example' ? [{ address: '93.184.216.34', family: 4 as const }] : []);
    const played = (answers: Record<string, PinnedResponse>) => {
      const sent: PinnedGet[] = [];
      const transport = async (request: PinnedGet): Promise<PinnedResponse> => {
        sent.push(request);
        return answers[request.url.pathname] ?? { status: 404, headers: {}, body: Buffer.alloc(0) };
      };
      return { sent, transport };
    };
    const redirect = (status: number, location: string): PinnedResponse => ({ status, headers: { location }, body: Buffer.alloc(0) });
    const ok: PinnedResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true}') };

    test('a redirect from a public server to a private address is refused, and the private address never reached', async () => {
      const { sent, transport } = played({ '/start': redirect(302, 'https://169.254.169.254/latest/meta-data/') });
      const error = await failure(httpFor(false, { resolver, transport }).request('https://public.example/start'));
      expect(error).toBeInstanceOf(BadUserInputError);
      expect(error.extensions).toMatchObject({ failure: 'address', url: 'https://169.254.169.254/latest/meta-data/' });
      expect(error.message).toContain('cloud metadata service');
      expect(sent.map((request) => request.address.address)).toEqual(['93.184.216.34']);
    });

    test('a 307 resends the POST and its body; a 303 turns it into a GET; credentials are not sent to another origin', async () => {
      const { sent, transport } = played({
        '/keep': redirect(307, '/kept'),
        '/kept': ok,
        '/see-other': redirect(303, 'https://other.public.example/done'),
        '/done': ok,
      });
      const resolveBoth = async (host: string) => (host.endsWith('public.example') ? [{ address: '93.184.216.34', family: 4 as const }] : []);
      const http = httpFor(false, { resolver: resolveBoth, transport });
      await http.postJson('https://public.example/keep', { a: 1 }, { headers: { authorization: 'Bearer t' } });
      expect(sent.map((r) => [r.method, r.url.pathname, r.body ? Buffer.from(r.body).toString() : null, r.headers.authorization])).toEqual([
        ['POST', '/keep', '{"a":1}', 'Bearer t'],
        ['POST', '/kept', '{"a":1}', 'Bearer t'],
      ]);
      sent.length = 0;
      await http.postJson('https://public.example/see-other', { a: 1 }, { headers: { authorization: 'Bearer t' } });
      expect(sent.map((r) => [r.method, r.url.href, r.body ?? null, r.headers.authorization ?? null, r.headers['content-type'] ?? null])).toEqual([
        ['POST', 'https://public.example/see-other', expect.anything(), 'Bearer t', 'application/json'],
        ['GET', 'https://other.public.example/done', null, null, null],
      ]);
    });

    test('more redirects than federation.fetchMaxRedirects are refused', async () => {
      const { transport } = played({ '/loop': redirect(302, '/loop') });
      const error = await failure(httpFor(false, { resolver, transport }).request('https://public.example/loop'));
      expect(error.extensions.failure).toBe('redirects');
      expect(error.message).toContain('more than 3 redirects');
    });
  });
});
