import { readFileSync } from 'node:fs';
import { RemoteFetchError } from './fetch-error.js';
import { asRemoteFetchError, checkScheme, redirectTarget, untilAborted } from './request-guards.js';
import type { FetchLimits } from './limits.js';
import { acceptHeaderFor, contentTypeRefusal, type RemoteDocumentKind } from './media-types.js';
import { pinnedGet, type PinnedGet, type PinnedResponse } from './pinned-get.js';
import { resolveCheckedAddress, systemResolver, type HostResolver } from './resolve-host.js';
import { withoutControlCharacters } from '../documents/control-characters.js';

/** A GET about to be sent, for a signer to sign: the headers are exactly those that will go out. */
export interface OutgoingGet {
  method: 'GET';
  url: URL;
  headers: Readonly<Record<string, string>>;
}

/** Returns headers to add (Signature, Signature-Input...). Called once per request, redirects included. */
export type GetSigner = (request: OutgoingGet) => Promise<Record<string, string>> | Record<string, string>;

export interface FetchRemoteOptions {
  /** What is fetched: sets Accept, the content types accepted back, and (for activitypub) the id check. */
  accept: RemoteDocumentKind;
  limits: FetchLimits;
  signer?: GetSigner;
  userAgent?: string;
  /** Host name resolution; the system's DNS unless a test gives another. */
  resolver?: HostResolver;
  /** Sends one pinned GET; tests replace it to play servers at public addresses without any traffic. */
  transport?: (request: PinnedGet) => Promise<PinnedResponse>;
  now?: () => Date;
}

export interface FetchedDocument {
  /** The URL that served the document, after redirects, without a fragment. */
  url: string;
  /** The URL asked for. */
  requestedUrl: string;
  /** Each URL redirected to, in order. */
  redirects: readonly string[];
  contentType: string;
  json: unknown;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CORE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const DEFAULT_USER_AGENT = `Commonplace/${CORE_VERSION}`;

/** The User-Agent our requests carry, naming the instance as Mastodon's does, so admins can see who calls. */
export function userAgentFor(publicUrl: string): string {
  return `${DEFAULT_USER_AGENT} (+${publicUrl.replace(/\/+$/, '')}/)`;
}

/**
 * Every outgoing GET goes through here. The host is resolved and checked before connecting, and the
 * connection goes to the checked address; redirects are followed by hand, each one checked again; time,
 * size and content type are enforced. For ActivityPub objects, the document's `id` must be the URL that
 * finally served it: a redirect is followed, but only the server at the end of it vouches for the id.
 */
export async function fetchRemote(target: string | URL, options: FetchRemoteOptions): Promise<FetchedDocument> {
  const { limits } = options;
  const requested = parseTarget(target);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const redirects: string[] = [];
  let url = requested;
  try {
    for (;;) {
      const response = await getOnce(url, options, controller.signal);
      if (REDIRECT_STATUSES.has(response.status)) {
        url = nextLocation(url, response, redirects.length, limits.maxRedirects);
        redirects.push(url.href);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        throw new RemoteFetchError('status', `responded ${response.status}`, url.href, response.status);
      }
      return documentFrom(response, { url, requested, redirects, kind: options.accept });
    }
  } catch (error) {
    throw asRemoteFetchError(error, { aborted: controller.signal.aborted, timeoutMs: limits.timeoutMs, url });
  } finally {
    clearTimeout(timer);
  }
}

function parseTarget(target: string | URL): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new RemoteFetchError('invalid-url', `"${String(target)}" is not a URL`, String(target));
  }
  // The fragment names a part of the document (a key, #main-key); it is never sent.
  url.hash = '';
  return url;
}

async function getOnce(url: URL, options: FetchRemoteOptions, signal: AbortSignal): Promise<PinnedResponse> {
  checkScheme(url, options.limits.allowPrivateAddresses);
  const address = await untilAborted(
    resolveCheckedAddress(url, {
      allowPrivateAddresses: options.limits.allowPrivateAddresses,
      resolver: options.resolver ?? systemResolver,
    }),
    signal,
  );
  const headers: Record<string, string> = {
    host: url.host,
    accept: acceptHeaderFor(options.accept),
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    date: (options.now?.() ?? new Date()).toUTCString(),
    // We read the bytes as they come to count them; no compression to undo.
    'accept-encoding': 'identity',
  };
  if (options.signer) Object.assign(headers, await options.signer({ method: 'GET', url, headers: { ...headers } }));
  return (options.transport ?? pinnedGet)({
    url,
    address,
    headers,
    signal,
    maxBytes: options.limits.maxBytes,
    readsBodyOf: (status) => status >= 200 && status <= 299,
  });
}

function nextLocation(from: URL, response: PinnedResponse, followed: number, maxRedirects: number): URL {
  const location = response.headers.location;
  if (!location) throw new RemoteFetchError('status', `responded ${response.status} without a Location`, from.href, response.status);
  return redirectTarget(from, String(location), followed, maxRedirects, response.status);
}

function documentFrom(
  response: PinnedResponse,
  context: { url: URL; requested: URL; redirects: string[]; kind: RemoteDocumentKind },
): FetchedDocument {
  const { url, kind } = context;
  const contentType = String(response.headers['content-type'] ?? '');
  const refusal = contentTypeRefusal(kind, contentType);
  if (refusal) throw new RemoteFetchError('content-type', refusal, url.href);
  let json: unknown;
  try {
    // A fetched object goes to plugins as is: without the control characters the database refuses.
    json = withoutControlCharacters(JSON.parse(response.body.toString('utf8')));
  } catch {
    throw new RemoteFetchError('invalid-json', 'response is not valid JSON', url.href);
  }
  if (kind === 'activitypub') checkIdMatches(json, url);
  return { url: url.href, requestedUrl: context.requested.href, redirects: context.redirects, contentType, json };
}

function checkIdMatches(json: unknown, url: URL): void {
  const id = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string') throw new RemoteFetchError('id-mismatch', 'id does not match URL: the document has no id', url.href);
  let normalized: string;
  try {
    normalized = new URL(id).href;
  } catch {
    throw new RemoteFetchError('id-mismatch', `id does not match URL: "${id}" is not a URL`, url.href);
  }
  if (normalized !== url.href) throw new RemoteFetchError('id-mismatch', `id does not match URL: id ${id}, fetched ${url.href}`, url.href);
}
