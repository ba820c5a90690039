import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { RemoteFetchError } from './fetch-error.js';
import { lookupPinnedTo } from './request-guards.js';
import type { ResolvedAddress } from './resolve-host.js';

export interface PinnedGet {
  url: URL;
  /** The address already checked: the connection goes there, so DNS cannot change between check and connect. */
  address: ResolvedAddress;
  headers: Record<string, string>;
  /** GET unless given (the plugins' outbound HTTP port sends others, with a body). */
  method?: string;
  body?: Uint8Array;
  signal: AbortSignal;
  maxBytes: number;
  /** Statuses whose body is read; others are closed unread (a redirect's or an error's body is not wanted). */
  readsBodyOf(status: number): boolean;
}

export interface PinnedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One GET over a connection pinned to a checked address, its body read up to `maxBytes` and cut off
 * the moment it goes over (a declared Content-Length over the limit is refused before reading).
 */
export function pinnedGet(request: PinnedGet): Promise<PinnedResponse> {
  const { url, address, maxBytes } = request;
  const pinnedLookup = lookupPinnedTo(address);

  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      { method: request.method ?? 'GET', headers: request.headers, lookup: pinnedLookup, agent: false, signal: request.signal },
      (response) => {
        const status = response.statusCode ?? 0;
        if (!request.readsBodyOf(status)) {
          outgoing.destroy();
          resolve({ status, headers: response.headers, body: Buffer.alloc(0) });
          return;
        }
        const tooLarge = () => new RemoteFetchError('too-large', `response over ${maxBytes} bytes`, url.href);
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          outgoing.destroy();
          reject(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) {
            outgoing.destroy();
            reject(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
        response.on('aborted', () => reject(new RemoteFetchError('network', 'connection closed before the response ended', url.href)));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
