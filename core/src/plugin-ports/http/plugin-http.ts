import {
  BadUserInputError,
  CommonplaceError,
  ServiceUnavailableError,
  type InstanceSettings,
  type OutboundHttp,
  type OutboundRequest,
  type OutboundResponse,
} from '@commonplace/sdk/internal';
import { RemoteFetchError } from '../../federation/fetch/fetch-error.js';
import type { FetchLimiter } from '../../federation/fetch/fetch-limiter.js';
import type { HostResolver } from '../../federation/fetch/resolve-host.js';
import type { PinnedGet, PinnedResponse } from '../../federation/fetch/pinned-get.js';
import { guardedRequest } from './guarded-request.js';

export interface PluginHttpDeps {
  federation: InstanceSettings['federation'];
  /** Core's per-process caps on fetches in flight (in all and per host). */
  limiter: FetchLimiter;
  userAgent: string;
  resolver?: HostResolver;
  transport?: (request: PinnedGet) => Promise<PinnedResponse>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
/** Failures that say the URL itself may not be reached: the caller's input, not the remote's fault. */
const REFUSALS = new Set(['invalid-url', 'scheme', 'address', 'redirects']);

/** One plugin's OutboundHttp; its requests carry the plugin's id in the User-Agent. */
export function pluginHttp(pluginId: string, deps: PluginHttpDeps): OutboundHttp {
  const request = async (target: string, options: OutboundRequest = {}): Promise<OutboundResponse> => {
    const url = parseUrl(target);
    const method = (options.method ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new BadUserInputError(`HTTP method ${method} is not sent.`, 'method');
    const { headers, body } = headersAndBody(options);
    headers['user-agent'] ??= `${deps.userAgent} ${pluginId}`;
    // Bytes are counted as they come: nothing compressed to undo.
    headers['accept-encoding'] = 'identity';
    const timeoutMs = positive(options.timeoutMs, deps.federation.fetchTimeoutMs, 'timeoutMs');
    const maxBytes = positive(options.maxBytes, deps.federation.fetchMaxBytes, 'maxBytes');
    try {
      const response = await deps.limiter.run(url.href, () =>
        guardedRequest({
          url,
          method,
          headers,
          ...(body ? { body } : {}),
          timeoutMs,
          maxBytes,
          maxRedirects: deps.federation.fetchMaxRedirects,
          allowPrivateAddresses: deps.federation.allowPrivateAddresses,
          ...(deps.resolver ? { resolver: deps.resolver } : {}),
          ...(deps.transport ? { transport: deps.transport } : {}),
        }),
      );
      return outboundResponse(response.status, response.headers, response.url.href, response.body);
    } catch (error) {
      throw error instanceof RemoteFetchError ? asSdkError(error, { timeoutMs, maxBytes }) : error;
    }
  };
  const answerJson = async <T>(response: OutboundResponse): Promise<T> => {
    if (response.status < 200 || response.status > 299) {
      throw new ServiceUnavailableError(`${response.url} answered ${response.status}.`);
    }
    return response.json<T>();
  };
  return {
    request,
    getJson: async (url, options = {}) => answerJson(await request(url, { ...options, method: 'GET', headers: { accept: 'application/json', ...options.headers } })),
    postJson: async (url, json, options = {}) =>
      answerJson(await request(url, { ...options, method: 'POST', json, headers: { accept: 'application/json', ...options.headers } })),
  };
}

function parseUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new BadUserInputError(`"${String(target)}" is not a URL.`, 'url');
  }
  url.hash = '';
  return url;
}

function headersAndBody(options: OutboundRequest): { headers: Record<string, string>; body: Uint8Array | undefined } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (options.json !== undefined && options.body !== undefined) throw new BadUserInputError('Send either a body or json, not both.', 'json');
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return { headers, body: Buffer.from(JSON.stringify(options.json), 'utf8') };
  }
  if (typeof options.body === 'string') return { headers, body: Buffer.from(options.body, 'utf8') };
  return { headers, body: options.body };
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new BadUserInputError(`${field} must be a positive whole number, got ${value}.`, field);
  return value;
}

function outboundResponse(status: number, raw: Record<string, string | string[] | undefined>, url: string, body: Buffer): OutboundResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return {
    status,
    headers,
    url,
    body: bytes,
    text: () => body.toString('utf8'),
    json: <T>() => {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch {
        throw new BadUserInputError(`${url} did not answer JSON.`, 'json');
      }
    },
  };
}

/** The guard's failure as an sdk error, with the precise reason and `extensions.failure` to branch on. */
function asSdkError(error: RemoteFetchError, limits: { timeoutMs: number; maxBytes: number }): CommonplaceError {
  const reason =
    error.failure === 'address'
      ? `${error.reason} (private addresses are reached only with FEDERATION_ALLOW_PRIVATE=true)`
      : error.failure === 'timeout'
        ? `timed out after ${limits.timeoutMs} ms`
        : error.failure === 'too-large'
          ? `the answer is larger than ${limits.maxBytes} bytes (maxBytes)`
          : error.reason;
  const message = `Request to ${error.url} refused or failed: ${reason}.`;
  const sdkError = REFUSALS.has(error.failure) ? new BadUserInputError(message, 'url') : new ServiceUnavailableError(message);
  Object.assign(sdkError.extensions, { failure: error.failure, url: error.url });
  return sdkError;
}
