import type { ByteRange, StoredFile } from './file-storage.js';
import { baseType } from './sniff-content-type.js';

/**
 * Types a browser may show in place: raster images, audio, video and plain text (none runs script,
 * and nosniff stops the browser from guessing otherwise). Everything else, HTML, SVG, XML and PDF
 * included, is a download.
 */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'text/plain']);

export function dispositionFor(contentType: string): 'inline' | 'attachment' {
  const type = baseType(contentType);
  return INLINE_TYPES.has(type) || type.startsWith('audio/') || type.startsWith('video/') ? 'inline' : 'attachment';
}

/**
 * Headers every served file gets. The CSP forbids everything and sandboxes the document, so even a
 * file a browser did render as a page could not run script or reach this origin's cookies.
 */
export function safeFileHeaders(file: StoredFile): Record<string, string> {
  return {
    'content-type': file.contentType,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'content-disposition': contentDisposition(dispositionFor(file.contentType), file.filename ?? file.key),
    etag: etagFor(file),
    // A key never names other bytes: its file can be cached forever.
    'cache-control': 'public, max-age=31536000, immutable',
    'accept-ranges': 'bytes',
  };
}

export function etagFor(file: Pick<StoredFile, 'sha256'>): string {
  return `"${file.sha256}"`;
}

/** RFC 6266: an ASCII fallback name and the exact name in RFC 5987 encoding. */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** True when an If-None-Match header names this ETag (or is `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim().replace(/^W\//, '');
    return trimmed === '*' || trimmed === etag;
  });
}

export type RangeRequest = { kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * One byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`) of a file of `size` bytes. Anything
 * else, several ranges included, is answered with the whole file, which HTTP allows.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const [, first, last] = match as unknown as [string, string, string];
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return { kind: 'whole' };
  }
  if (start >= size || size === 0) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
