import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchRemote,
  RemoteFetchError,
  type FetchLimits,
  type FetchRemoteOptions,
  type HostResolver,
  type PinnedGet,
  type PinnedResponse,
} from '../../../../core/src/federation/fetch/index.js';
import { sendJson, startLocalServer, type LocalServer } from '../fixtures/local-server.js';

const GUARDED: FetchLimits = { timeoutMs: 2_000, maxBytes: 1_048_576, maxRedirects: 3, allowPrivateAddresses: false };
const OPEN: FetchLimits = { ...GUARDED, allowPrivateAddresses: true };

/** The error a fetch failed with; fails the test when it did not fail. */
async function failureOf(url: string, options: FetchRemoteOptions): Promise<RemoteFetchError> {
  try {
    await fetchRemote(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteFetchError);
    return error as RemoteFetchError;
  }
  throw new Error(`fetching ${url} did not fail`);
}

describe('the SSRF guard (allowPrivateAddresses false)', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({ '/actor': (_request, response, base) => sendJson(response, { id: `${base}/actor`, type: 'Person' }) });
  });
  afterAll(() => server.close());

  it.each([
    ['https://127.0.0.1/actor', 'address 127.0.0.1 is private (loopback)'],
    ['https://10.0.0.8/actor', 'address 10.0.0.8 is private (RFC 1918)'],
    ['https://169.254.169.254/latest/meta-data/', 'address 169.254.169.254 is private (link-local, cloud metadata service)'],
    ['https://[::1]/actor', 'address ::1 is private (loopback)'],
    ['https://[::ffff:127.0.0.1]/actor', 'address 127.0.0.1 (::ffff:7f00:1) is private (loopback)'],
  ])('refuses %s before connecting', async (url, reason) => {
    const error = await failureOf(url, { accept: 'activitypub', limits: GUARDED });
    expect(error.failure).toBe('address');
    expect(error.message).toBe(reason);
  });

  it('refuses a host name that resolves to loopback (localhost), on the local server’s own port', async () => {
    const error = await failureOf(`https://localhost:${server.port}/actor`, { accept: 'activitypub', limits: GUARDED });
    expect(error.failure).toBe('address');
    expect(error.message).toMatch(/^address (127\.0\.0\.1|::1) is private \(loopback\); localhost resolves to it$/);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolver: HostResolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    const error = await failureOf('https://mixed.example/actor', { accept: 'activitypub', limits: GUARDED, resolver });
    expect(error.message).toBe('address 10.0.0.5 is private (RFC 1918); mixed.example resolves to it');
  });

  it('refuses plain http, and other schemes', async () => {
    expect((await failureOf(`${server.base}/actor`, { accept: 'activitypub', limits: GUARDED })).message).toBe('scheme http is not allowed; only https');
    expect((await failureOf('file:///etc/passwd', { accept: 'activitypub', limits: GUARDED })).failure).toBe('scheme');
    expect((await failureOf('ftp://files.example/x', { accept: 'activitypub', limits: OPEN })).message).toBe('scheme ftp is not allowed; only https and http');
  });

  it('never reached the local server', () => {
    expect(server.requests).toEqual([]);
  });
});

describe('redirects with the guard on', () => {
  // Servers at public addresses, played without traffic: the transport answers as they would.
  const publicResolver: HostResolver = async (hostname) => [{ address: hostname === 'public.example' ? '93.184.216.34' : '10.9.9.9', family: 4 }];
  const sent: PinnedGet[] = [];
  const transport = async (request: PinnedGet): Promise<PinnedResponse> => {
    sent.push(request);
    const location = { '/to-loopback': 'https://127.0.0.1/secret', '/to-private-name': 'https://intranet.example/admin', '/to-http': 'http://public.example/plain' }[request.url.pathname];
    if (location) return { status: 302, headers: { location }, body: Buffer.alloc(0) };
    const body = Buffer.from(JSON.stringify({ id: request.url.href, type: 'Note' }));
    return { status: 200, headers: { 'content-type': 'application/activity+json' }, body };
  };
  afterEach(() => {
    sent.length = 0;
  });

  it('connects to the address it checked', async () => {
    const fetched = await fetchRemote('https://public.example/note', { accept: 'activitypub', limits: GUARDED, resolver: publicResolver, transport });
    expect(fetched.json).toEqual({ id: 'https://public.example/note', type: 'Note' });
    expect(sent[0]!.address).toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('refuses a redirect to 127.0.0.1, to a name resolving to a private address, or to http', async () => {
    const options = { accept: 'activitypub', limits: GUARDED, resolver: publicResolver, transport } as const;
    const loopback = await failureOf('https://public.example/to-loopback', options);
    expect(loopback.message).toBe('address 127.0.0.1 is private (loopback)');
    expect(loopback.url).toBe('https://127.0.0.1/secret');
    expect((await failureOf('https://public.example/to-private-name', options)).message).toBe(
      'address 10.9.9.9 is private (RFC 1918); intranet.example resolves to it',
    );
    expect((await failureOf('https://public.example/to-http', options)).message).toBe('scheme http is not allowed; only https');
    // Only the first hop of each was sent.
    expect(sent.map((request) => request.url.pathname)).toEqual(['/to-loopback', '/to-private-name', '/to-http']);
  });
});

describe('fetching from a local server (allowPrivateAddresses true)', () => {
  let server: LocalServer;
  let slowTimer: NodeJS.Timeout | undefined;
  beforeAll(async () => {
    server = await startLocalServer({
      '/actor': (_request, response, base) => sendJson(response, { id: `${base}/actor`, type: 'Person' }),
      '/ld-actor': (_request, response, base) =>
        sendJson(response, { id: `${base}/ld-actor`, type: 'Person' }, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'),
      // Echoes the Host it was asked for, to show where the connection went.
      '/echo-host': (request, response) => sendJson(response, { id: `http://${request.headers.host}/echo-host`, type: 'Note' }),
      '/moved': (_request, response, base) => response.writeHead(301, { location: `${base}/actor` }).end(),
      '/relative': (_request, response) => response.writeHead(308, { location: '/actor' }).end(),
      '/claims-old-url': (_request, response, base) => response.writeHead(302, { location: `${base}/serves-old-id` }).end(),
      '/serves-old-id': (_request, response, base) => sendJson(response, { id: `${base}/claims-old-url`, type: 'Note' }),
      '/loop': (_request, response, base) => response.writeHead(302, { location: `${base}/loop` }).end(),
      '/impostor': (_request, response) => sendJson(response, { id: 'https://victim.example/users/admin', type: 'Person' }),
      '/no-id': (_request, response) => sendJson(response, { type: 'Person' }),
      '/html': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
      '/not-json': (_request, response) => response.writeHead(200, { 'content-type': 'application/activity+json' }).end('{"id": '),
      '/big-declared': (_request, response) => {
        const body = JSON.stringify({ id: 'x', padding: 'x'.repeat(4096) });
        response.writeHead(200, { 'content-type': 'application/activity+json', 'content-length': Buffer.byteLength(body) }).end(body);
      },
      '/big-streamed': (_request, response) => {
        // No Content-Length: the limit must hold while reading.
        response.writeHead(200, { 'content-type': 'application/activity+json' });
        const chunk = 'x'.repeat(512);
        for (let i = 0; i < 64; i += 1) response.write(chunk);
        response.end();
      },
      '/slow-headers': (_request, response) => {
        slowTimer = setTimeout(() => sendJson(response, { id: 'late', type: 'Note' }), 5_000);
      },
      '/slow-body': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/activity+json' });
        response.write('{"id": ');
        slowTimer = setTimeout(() => response.end('"late", "type": "Note"}'), 5_000);
      },
      '/gone': (_request, response) => response.writeHead(410).end(),
      '/.well-known/webfinger': (_request, response) =>
        sendJson(response, { subject: 'acct:bob@127.0.0.1', links: [] }, 'application/jrd+json; charset=utf-8'),
    });
  });
  afterAll(async () => {
    clearTimeout(slowTimer);
    await server.close();
  });

  const fetchAp = (path: string, limits: FetchLimits = OPEN, extra: Partial<FetchRemoteOptions> = {}) =>
    fetchRemote(`${server.base}${path}`, { accept: 'activitypub', limits, ...extra });
  const failAp = (path: string, limits: FetchLimits = OPEN, extra: Partial<FetchRemoteOptions> = {}) =>
    failureOf(`${server.base}${path}`, { accept: 'activitypub', limits, ...extra });

  it('fetches an ActivityPub document, asking for both media types', async () => {
    const fetched = await fetchAp('/actor');
    expect(fetched).toMatchObject({ url: `${server.base}/actor`, requestedUrl: `${server.base}/actor`, redirects: [], json: { type: 'Person' } });
    const request = server.requests.find((entry) => entry.url === '/actor')!;
    expect(request.headers.accept).toBe('application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
    expect(request.headers['user-agent']).toMatch(/^Commonplace\//);
    expect(request.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect((await fetchAp('/ld-actor')).json).toMatchObject({ type: 'Person' });
  });

  it('drops the fragment of a key id and matches the document against the rest', async () => {
    expect((await fetchAp('/actor#main-key')).url).toBe(`${server.base}/actor`);
  });

  it('connects to the resolved address, whatever DNS says later, and sends the name as Host', async () => {
    let lookups = 0;
    const resolver: HostResolver = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const fetched = await fetchRemote(`http://pinned.example:${server.port}/echo-host`, { accept: 'activitypub', limits: OPEN, resolver });
    expect(fetched.json).toMatchObject({ id: `http://pinned.example:${server.port}/echo-host` });
    expect(lookups).toBe(1);
  });

  it('follows redirects, absolute and relative, and checks the id against the final URL', async () => {
    expect(await fetchAp('/moved')).toMatchObject({ url: `${server.base}/actor`, redirects: [`${server.base}/actor`] });
    expect((await fetchAp('/relative')).url).toBe(`${server.base}/actor`);
    // A document claiming the URL that redirected to it is not vouched for by the server that served it.
    const error = await failAp('/claims-old-url');
    expect(error.failure).toBe('id-mismatch');
    expect(error.message).toBe(`id does not match URL: id ${server.base}/claims-old-url, fetched ${server.base}/serves-old-id`);
  });

  it('stops after fetchMaxRedirects', async () => {
    const error = await failAp('/loop');
    expect(error.failure).toBe('redirects');
    expect(error.message).toBe('more than 3 redirects');
    expect((await failAp('/moved', { ...OPEN, maxRedirects: 0 })).message).toBe('more than 0 redirects');
  });

  it('refuses a document whose id is another URL, or that has none', async () => {
    const impostor = await failAp('/impostor');
    expect(impostor.failure).toBe('id-mismatch');
    expect(impostor.message).toMatch(/^id does not match URL: id https:\/\/victim\.example\/users\/admin/);
    expect((await failAp('/no-id')).message).toBe('id does not match URL: the document has no id');
  });

  it('refuses a response over fetchMaxBytes, declared or streamed', async () => {
    const limits = { ...OPEN, maxBytes: 1024 };
    for (const path of ['/big-declared', '/big-streamed']) {
      const error = await failAp(path, limits);
      expect(error.failure, path).toBe('too-large');
      expect(error.message).toBe('response over 1024 bytes');
    }
  });

  it('times out after fetchTimeoutMs, waiting for headers or in the middle of the body', async () => {
    for (const path of ['/slow-headers', '/slow-body']) {
      const started = Date.now();
      const error = await failAp(path, { ...OPEN, timeoutMs: 300 });
      expect(error.failure, path).toBe('timeout');
      expect(error.message).toBe('timed out after 300 ms');
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('refuses a wrong content type, and a body that is not JSON', async () => {
    const html = await failAp('/html');
    expect(html.failure).toBe('content-type');
    expect(html.message).toBe('content type "text/html"; expected application/activity+json or application/ld+json');
    expect((await failAp('/not-json')).message).toBe('response is not valid JSON');
  });

  it('reports an error status with the status, so callers can tell Gone', async () => {
    const error = await failAp('/gone');
    expect(error).toMatchObject({ failure: 'status', status: 410, message: 'responded 410' });
  });

  it('fetches WebFinger as JRD, where ActivityPub content types would be refused', async () => {
    const jrd = await fetchRemote(`${server.base}/.well-known/webfinger?resource=acct:bob@127.0.0.1`, { accept: 'webfinger', limits: OPEN });
    expect(jrd.json).toMatchObject({ subject: 'acct:bob@127.0.0.1' });
    expect((await failureOf(`${server.base}/actor`, { accept: 'webfinger', limits: OPEN })).failure).toBe('content-type');
  });

  it('lets a signer add headers to every request, redirects included, seeing the headers that go out', async () => {
    const seen: Array<{ url: string; host: string | undefined; accept: string | undefined; date: string | undefined }> = [];
    await fetchAp('/moved', OPEN, {
      signer: ({ url, headers }) => {
        seen.push({ url: url.href, host: headers.host, accept: headers.accept, date: headers.date });
        return { signature: `keyId="test",signed="${url.pathname}"` };
      },
    });
    expect(seen.map((entry) => entry.url)).toEqual([`${server.base}/moved`, `${server.base}/actor`]);
    expect(seen[0]).toMatchObject({ host: `127.0.0.1:${server.port}`, accept: expect.stringContaining('activity+json'), date: expect.stringMatching(/GMT$/) });
    const signatures = server.requests.filter((entry) => entry.headers.signature).map((entry) => entry.headers.signature);
    expect(signatures).toEqual(['keyId="test",signed="/moved"', 'keyId="test",signed="/actor"']);
  });
});
