import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { RemoteFetchError } from '../fetch/fetch-error.js';
import { asRemoteFetchError, checkScheme, lookupPinnedTo, untilAborted } from '../fetch/request-guards.js';
import { resolveCheckedAddress, systemResolver, type HostResolver, type ResolvedAddress } from '../fetch/resolve-host.js';

/**
 * Outgoing POSTs through the same SSRF guard as fetchRemote: the host is resolved and every address
 * checked (resolveCheckedAddress, whose policy is addressRefusal), the connection is pinned to the
 * checked address, plain http only when private addresses are allowed, a time limit over the whole
 * exchange, and a cap on the response read. Redirects: only 307 and 308 keep a POST, so only they are
 * followed, each target checked again and the request signed again (its Host changed); others end it.
 */
export interface PostLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
  allowPrivateAddresses: boolean;
}

/** One POST about to be sent: what a signer signs. */
export interface OutgoingPost {
  url: URL;
  body: Buffer;
  headers: Readonly<Record<string, string>>;
}

/** Returns every header to send (the signer sets Host, Date, Digest, Signature). Called once per hop. */
export type PostSigner = (request: OutgoingPost) => Promise<Record<string, string>>;

export interface PinnedPost {
  url: URL;
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
  maxResponseBytes: number;
}

export interface PostResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The start of the body, at most maxResponseBytes. */
  body: Buffer;
}

export interface PostActivityOptions {
  signer: PostSigner;
  resolver?: HostResolver;
  /** Sends one pinned POST; tests replace it to play servers at public addresses. */
  transport?: (request: PinnedPost) => Promise<PostResponse>;
}

export interface PostResult extends PostResponse {
  /** The URL that answered, after any 307/308. */
  url: string;
}

const FOLLOWED = new Set([307, 308]);

/**
 * Connections kept open between deliveries: a fan-out sends one POST per host per activity, and
 * opening a connection (and a TLS session) costs more than the POST. Sockets are keyed by host and
 * port, and each was opened to an address the guard checked. Idle ones close after IDLE_SOCKET_MS.
 */
const IDLE_SOCKET_MS = 15_000;
const IDLE_SOCKETS_PER_HOST = 4;
const keepAlive = { keepAlive: true, maxFreeSockets: IDLE_SOCKETS_PER_HOST, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' } as const;
const agents = { http: new http.Agent(keepAlive), https: new https.Agent(keepAlive) };

export async function postActivity(
  target: string,
  body: Buffer,
  headers: Readonly<Record<string, string>>,
  limits: PostLimits,
  options: PostActivityOptions,
): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new RemoteFetchError('invalid-url', `"${target}" is not a URL`, target);
  }
  url.hash = '';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    for (let hops = 0; ; hops++) {
      checkScheme(url, limits.allowPrivateAddresses);
      const address = await untilAborted(
        resolveCheckedAddress(url, { allowPrivateAddresses: limits.allowPrivateAddresses, resolver: options.resolver ?? systemResolver }),
        controller.signal,
      );
      const signed = await options.signer({ url, body, headers });
      const response = await (options.transport ?? pinnedPost)({
        url,
        address,
        headers: signed,
        body,
        signal: controller.signal,
        maxResponseBytes: limits.maxResponseBytes,
      });
      if (!FOLLOWED.has(response.status)) return { ...response, url: url.href };
      const location = response.headers.location;
      if (!location) return { ...response, url: url.href };
      if (hops >= limits.maxRedirects) throw new RemoteFetchError('redirects', `more than ${limits.maxRedirects} redirects`, url.href, response.status);
      try {
        url = new URL(location, url);
      } catch {
        throw new RemoteFetchError('invalid-url', `redirected to "${location}", which is not a URL`, url.href);
      }
      url.hash = '';
    }
  } catch (error) {
    throw asRemoteFetchError(error, { aborted: controller.signal.aborted, timeoutMs: limits.timeoutMs, url });
  } finally {
    clearTimeout(timer);
  }
}

/** One POST over a connection pinned to the checked address; the response body read up to the cap. */
export function pinnedPost(request: PinnedPost): Promise<PostResponse> {
  const { url, address } = request;
  const pinnedLookup = lookupPinnedTo(address);
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(request.body.length) },
        lookup: pinnedLookup,
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        signal: request.signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let received = 0;
        const finish = () => resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
        response.on('data', (chunk: Buffer) => {
          if (received >= request.maxResponseBytes) return;
          const room = request.maxResponseBytes - received;
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
          received += chunk.length;
          // The status is what counts: past the cap, stop reading and close.
          if (received >= request.maxResponseBytes) {
            finish();
            outgoing.destroy();
          }
        });
        response.on('end', finish);
        response.on('error', (error) => (received >= request.maxResponseBytes ? undefined : reject(error)));
        response.on('aborted', () => {
          if (received < request.maxResponseBytes) finish();
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
