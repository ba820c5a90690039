import { RemoteFetchError } from '../../federation/fetch/fetch-error.js';
import { pinnedGet, type PinnedGet, type PinnedResponse } from '../../federation/fetch/pinned-get.js';
import { asRemoteFetchError, checkScheme, redirectTarget, untilAborted } from '../../federation/fetch/request-guards.js';
import { resolveCheckedAddress, systemResolver, type HostResolver } from '../../federation/fetch/resolve-host.js';

export interface GuardedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivateAddresses: boolean;
  resolver?: HostResolver;
  /** Sends one pinned request (tests may play a server without traffic). */
  transport?: (request: PinnedGet) => Promise<PinnedResponse>;
}

export interface GuardedResponse extends PinnedResponse {
  url: URL;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry the caller's credentials: not sent on to another origin by a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Any method through core's SSRF guard (the checks of fetchRemote: scheme, every resolved address,
 * the connection pinned to the checked address), each redirect checked again; the whole exchange under
 * one deadline and the body under `maxBytes`. Failures are RemoteFetchErrors.
 */
export async function guardedRequest(request: GuardedRequest): Promise<GuardedResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  let { url, method, body } = request;
  let headers = { ...request.headers };
  let followed = 0;
  try {
    for (;;) {
      checkScheme(url, request.allowPrivateAddresses);
      const address = await untilAborted(
        resolveCheckedAddress(url, { allowPrivateAddresses: request.allowPrivateAddresses, resolver: request.resolver ?? systemResolver }),
        controller.signal,
      );
      const response = await (request.transport ?? pinnedGet)({
        url,
        address,
        method,
        headers: { ...headers, host: url.host, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
        ...(body ? { body } : {}),
        signal: controller.signal,
        maxBytes: request.maxBytes,
        readsBodyOf: (status) => method !== 'HEAD' && !REDIRECT_STATUSES.has(status),
      });
      if (!REDIRECT_STATUSES.has(response.status) || !response.headers.location) return { ...response, url };
      const next = redirectTarget(url, String(response.headers.location), followed, request.maxRedirects, response.status);
      followed += 1;
      if (next.origin !== url.origin) headers = withoutCredentials(headers);
      // As browsers do: 303 (and 301/302 after a POST) turns into a GET without a body; 307/308 resend it.
      if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        headers = withoutBodyHeaders(headers);
      }
      url = next;
    }
  } catch (error) {
    throw asRemoteFetchError(error, { aborted: controller.signal.aborted, timeoutMs: request.timeoutMs, url });
  } finally {
    clearTimeout(timer);
  }
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)));
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('content-')));
}
