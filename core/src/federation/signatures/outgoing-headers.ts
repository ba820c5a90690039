import { bodyBytes } from './body-digest.js';

/** A request we are about to send. */
export interface OutgoingRequest {
  method: string;
  /** Absolute URL; its host (with a non-default port) becomes the Host header. */
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: Uint8Array | string | null;
}

/** What ActivityPub servers expect when no content type or accept is given. */
export const ACTIVITY_CONTENT_TYPE = 'application/activity+json';
export const ACTIVITY_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** Headers the signer sets itself; a caller's copy (in any letter case) is replaced, never duplicated. */
const SIGNER_OWNED = new Set(['host', 'date', 'digest', 'content-digest', 'signature', 'signature-input']);

export interface PreparedRequest {
  method: string;
  url: URL;
  body: Buffer;
  /** GET and HEAD carry no body: their signature covers Accept instead of a digest. */
  hasBody: boolean;
  headers: Record<string, string>;
}

/**
 * The headers every signed request needs: Host exactly as the HTTP client will send it (URL.host keeps a
 * non-default port and drops a default one, as fetch does), Date in IMF-fixdate, and a content type or
 * accept to sign.
 */
export function prepareOutgoing(request: OutgoingRequest, now: Date): PreparedRequest {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!SIGNER_OWNED.has(name.toLowerCase())) headers[name] = value;
  }
  headers.Host = url.host;
  headers.Date = now.toUTCString();
  const present = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (hasBody && !present.has('content-type')) headers['Content-Type'] = ACTIVITY_CONTENT_TYPE;
  if (!hasBody && !present.has('accept')) headers.Accept = ACTIVITY_ACCEPT;
  return { method, url, body: bodyBytes(request.body), hasBody, headers };
}
