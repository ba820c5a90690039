import { Readable } from 'node:stream';
import type { FileStorage, StoredFile } from './file-storage.js';
import type { UploadSettings } from './settings.js';
import { limitBytes } from './byte-limit.js';
import { baseType, peek, sniffContentType } from './sniff-content-type.js';
import { EmptyUploadError, UnsupportedFileTypeError } from './upload-errors.js';

export interface UploadInput {
  source: Readable | Buffer;
  /** The name the client gave; kept (cleaned) for the download's file name only. */
  filename?: string | null;
}

/**
 * Checks an upload and stores it: the size limit is enforced while the bytes stream, the type is
 * sniffed from the first bytes and must be on the allow-list, and the storage only keeps a file
 * that passed both. Throws an UploadRefusedError (413, 415 or 400) otherwise; nothing is stored then.
 */
export async function acceptUpload(storage: FileStorage, settings: UploadSettings, input: UploadInput): Promise<StoredFile> {
  const chunks: AsyncIterable<Buffer> = Buffer.isBuffer(input.source) ? Readable.from([input.source]) : input.source;
  const peeked = await peek(limitBytes(chunks, settings.maxBytes), settings.sniffBytes);
  if (peeked.head.length === 0) {
    await peeked.discard();
    throw new EmptyUploadError();
  }
  const contentType = await sniffContentType(peeked.head, peeked.complete);
  if (!contentType || !isAllowedType(contentType, settings.allowedTypes)) {
    await peeked.discard();
    throw new UnsupportedFileTypeError(contentType);
  }
  return storage.put(peeked.stream, { contentType, filename: cleanFilename(input.filename) });
}

export function isAllowedType(contentType: string, allowedTypes: readonly string[]): boolean {
  const allowed = new Set(allowedTypes.map((type) => type.toLowerCase()));
  return allowed.has(contentType.toLowerCase()) || allowed.has(baseType(contentType));
}

/**
 * A display name safe to put in a header: the last path segment, without control characters or
 * quotes, at most 200 characters; null when nothing is left.
 */
export function cleanFilename(filename: string | null | undefined): string | null {
  if (!filename) return null;
  const lastSegment = filename.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || null;
}
