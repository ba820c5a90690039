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

/**
 * Requests to other servers through core's SSRF guard (no private, loopback or link-local address
 * unless `FEDERATION_ALLOW_PRIVATE`), with its per-host concurrency, timeouts and size limits. A
 * refused address, a timeout or an oversized answer throws; an HTTP error status does not.
 */
export interface OutboundHttp {
  request(url: string, request?: OutboundRequest): Promise<OutboundResponse>;
  getJson<T = unknown>(url: string, request?: Omit<OutboundRequest, 'method' | 'body' | 'json'>): Promise<T>;
  postJson<T = unknown>(url: string, json: unknown, request?: Omit<OutboundRequest, 'method' | 'body' | 'json'>): Promise<T>;
}
