import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
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
 * opening a connection (and a TLS session) costs more than the POST. One undici pool per origin and
 * checked address, so every connection goes to an address the guard checked; idle connections close
 * after IDLE_SOCKET_MS, and the pools least recently used go past MAX_POOLS. undici rather than
 * node:http: it spends half the CPU per request (docs/decisions.md).
 */
const IDLE_SOCKET_MS = 15_000;
const MAX_POOLS = 2_048;
const pools = new Map<string, Pool>();

function poolFor(url: URL, address: ResolvedAddress): Pool {
  const key = `${url.origin} ${address.address}`;
  const pool = pools.get(key);
  if (pool) {
    // Most recently used last, so the oldest is the first to go.
    pools.delete(key);
    pools.set(key, pool);
    return pool;
  }
  const created = new Pool(url.origin, {
    // As many connections as requests in flight: the per-host limit (HostLimiter) caps those.
    connections: null,
    keepAliveTimeout: IDLE_SOCKET_MS,
    keepAliveMaxTimeout: IDLE_SOCKET_MS,
    connect: { lookup: lookupPinnedTo(address) },
  });
  pools.set(key, created);
  if (pools.size > MAX_POOLS) {
    const oldest = pools.keys().next().value!;
    pools.get(oldest)!.close().catch(() => {}); // lets its requests in flight finish
    pools.delete(oldest);
  }
  return created;
}

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
export async function pinnedPost(request: PinnedPost): Promise<PostResponse> {
  const { url } = request;
  const response = await poolFor(url, request.address).request({
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    // The caller's signal holds the time limit over the whole exchange.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      const room = request.maxResponseBytes - received;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      received += chunk.length;
      // The status is what counts: past the cap, stop reading and close.
      if (received >= request.maxResponseBytes) {
        response.body.destroy();
        break;
      }
    }
  } catch {
    // A body cut short (the connection dropped, the time limit) still leaves the status, which is what delivery needs.
  }
  return { status: response.statusCode, headers: response.headers as IncomingHttpHeaders, body: Buffer.concat(chunks) };
}
