import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  InvalidStorageKeyError,
  isStorageKey,
  type ByteRange,
  type FileStorage,
  type PutFileMeta,
  type StoredFile,
  type StoredFileStream,
} from './file-storage.js';

export interface LocalDiskStorageOptions {
  /** The root folder; created on first write. */
  directory: string;
}

interface MetaFile {
  size: number;
  sha256: string;
  contentType: string;
  filename: string | null;
  createdAt: string;
}

/**
 * Files on the local disk under `<directory>/<k0k1>/<k2k3>/<key>`, with `<key>.json` beside each
 * holding its metadata. Bytes are written to `<directory>/.tmp/` and renamed into place only when
 * the whole stream has arrived, so a failed or refused upload leaves nothing.
 */
export function createLocalDiskStorage(options: LocalDiskStorageOptions): FileStorage {
  const root = resolve(options.directory);
  const temporaryDirectory = join(root, '.tmp');

  /** The one place a key becomes a path: only a valid key does, and the path stays under root. */
  function pathsFor(key: string): { data: string; meta: string } {
    if (!isStorageKey(key)) throw new InvalidStorageKeyError(key);
    const data = join(root, key.slice(0, 2), key.slice(2, 4), key);
    if (!data.startsWith(root + sep)) throw new InvalidStorageKeyError(key);
    return { data, meta: `${data}.json` };
  }

  async function readMeta(key: string): Promise<StoredFile | null> {
    const paths = pathsFor(key);
    let text: string;
    try {
      text = await readFile(paths.meta, 'utf8');
      // The data file is renamed into place after its metadata: without it the file is not there.
      await stat(paths.data);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const meta = JSON.parse(text) as MetaFile;
    return { key, size: meta.size, sha256: meta.sha256, contentType: meta.contentType, filename: meta.filename, createdAt: new Date(meta.createdAt) };
  }

  return {
    async put(source: Readable | Buffer, meta: PutFileMeta): Promise<StoredFile> {
      const key = randomBytes(16).toString('hex');
      const paths = pathsFor(key);
      const temporaryData = join(temporaryDirectory, key);
      const temporaryMeta = `${temporaryData}.json`;
      await mkdir(temporaryDirectory, { recursive: true });

      const hash = createHash('sha256');
      let size = 0;
      try {
        await pipeline(
          Buffer.isBuffer(source) ? Readable.from([source]) : source,
          async function* measure(chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              hash.update(chunk);
              size += chunk.length;
              yield chunk;
            }
          },
          createWriteStream(temporaryData, { flags: 'wx' }),
        );
        const stored: StoredFile = {
          key,
          size,
          sha256: hash.digest('hex'),
          contentType: meta.contentType,
          filename: meta.filename ?? null,
          createdAt: new Date(),
        };
        const metaFile: MetaFile = {
          size,
          sha256: stored.sha256,
          contentType: stored.contentType,
          filename: stored.filename,
          createdAt: stored.createdAt.toISOString(),
        };
        await writeFile(temporaryMeta, JSON.stringify(metaFile), { flag: 'wx' });
        await mkdir(dirname(paths.data), { recursive: true });
        await rename(temporaryMeta, paths.meta);
        await rename(temporaryData, paths.data);
        return stored;
      } catch (error) {
        await Promise.all([rm(temporaryData, { force: true }), rm(temporaryMeta, { force: true }), rm(paths.meta, { force: true })]);
        throw error;
      }
    },

    async get(key: string, options: { range?: ByteRange } = {}): Promise<StoredFileStream | null> {
      const stored = await readMeta(key);
      if (!stored) return null;
      const { range } = options;
      const stream = createReadStream(pathsFor(key).data, range ? { start: range.start, end: range.end } : {});
      return range ? { ...stored, stream, range } : { ...stored, stream };
    },

    head: readMeta,

    async exists(key: string): Promise<boolean> {
      return (await readMeta(key)) !== null;
    },

    async delete(key: string): Promise<boolean> {
      const paths = pathsFor(key);
      const existed = (await readMeta(key)) !== null;
      // Data first: a file without its data is already "not there" for readers.
      await rm(paths.data, { force: true });
      await rm(paths.meta, { force: true });
      return existed;
    },
  };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
