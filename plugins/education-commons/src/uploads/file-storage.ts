import type { Readable } from 'node:stream';

/**
 * The storage port: where uploaded bytes live. The local-disk adapter is the default; an
 * S3-compatible adapter implements the same interface (keys are opaque to callers, metadata is
 * kept next to the bytes, and a failed `put` leaves nothing behind).
 */
export interface FileStorage {
  /**
   * Stores the bytes and returns the new key. The source stream may fail (a size limit, a client
   * that goes away): then `put` rejects with that error and nothing is stored.
   */
  put(source: Readable | Buffer, meta: PutFileMeta): Promise<StoredFile>;
  /** The file's bytes (optionally a byte range, inclusive) and metadata, or null when there is none. */
  get(key: string, options?: { range?: ByteRange }): Promise<StoredFileStream | null>;
  /** The metadata only, or null. */
  head(key: string): Promise<StoredFile | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the file; true when there was one. */
  delete(key: string): Promise<boolean>;
}

export interface PutFileMeta {
  /** The sniffed (trusted) MIME type: storage records it and serving sends it. */
  contentType: string;
  /** A display name for downloads; never used to build the key or a path. */
  filename?: string | null;
}

export interface StoredFile {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes: the download's ETag. */
  sha256: string;
  contentType: string;
  filename: string | null;
  createdAt: Date;
}

export interface StoredFileStream extends StoredFile {
  stream: Readable;
  /** The range served, when one was asked for. */
  range?: ByteRange;
}

/** Inclusive byte offsets, as in HTTP's Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Keys are 32 lowercase hex digits (128 random bits): nothing a path can be made from. */
export const STORAGE_KEY_PATTERN = /^[0-9a-f]{32}$/;

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && STORAGE_KEY_PATTERN.test(key);
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`"${key.slice(0, 80)}" is not a storage key (32 lowercase hex digits).`);
    this.name = 'InvalidStorageKeyError';
  }
}
