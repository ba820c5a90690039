/** One outbound request. */
export interface OutboundRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  /** A body sent as it is; or `json`, sent as JSON with its content type. */
  body?: string | Uint8Array;
  json?: unknown;
  /** Default: the instance's `federation.fetchTimeoutMs`. */
  timeoutMs?: number;
  /** A larger answer is cut off with an error. Default: the instance's `federation.maxFetchBytes`. */
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** The final URL, after redirects (each of which went through the guard too). */
  url: string;
  body: Uint8Array;
  text(): string;
  /** Throws BadUserInputError when the body is not JSON. */
  json<T = unknown>(): T;
}

/** Why a request was refused or failed: `extensions.failure` of the error thrown. */
export type OutboundFailure = 'invalid-url' | 'scheme' | 'address' | 'redirects' | 'dns' | 'network' | 'timeout' | 'too-large' | 'busy';

/**
 * Requests to other servers through core's SSRF guard (https only, and no private, loopback or
 * link-local address, unless `FEDERATION_ALLOW_PRIVATE`; every redirect checked again), with its
 * per-host concurrency, timeouts and size limits. An HTTP error status does not throw from `request`
 * (it does from getJson/postJson). What does throw carries `extensions.failure` (OutboundFailure):
 * a URL that may not be reached (invalid-url, scheme, address, redirects) is a BadUserInputError on
 * field `url`; the remote's failure (dns, network, timeout, too-large, busy) a ServiceUnavailableError.
 * A redirect to another origin drops the Authorization and Cookie headers.
 */
export interface OutboundHttp {
  request(url: string, request?: OutboundRequest): Promise<OutboundResponse>;
  getJson<T = unknown>(url: string, request?: Omit<OutboundRequest, 'method' | 'body' | 'json'>): Promise<T>;
  postJson<T = unknown>(url: string, json: unknown, request?: Omit<OutboundRequest, 'method' | 'body' | 'json'>): Promise<T>;
}
