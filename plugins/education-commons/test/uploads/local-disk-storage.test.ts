import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acceptUpload,
  cleanFilename,
  createLocalDiskStorage,
  InvalidStorageKeyError,
  STORAGE_KEY_PATTERN,
  UnsupportedFileTypeError,
  uploadSettings,
  UploadTooLargeError,
  type FileStorage,
} from '../../src/uploads/index.js';
import { listFiles } from './helpers.js';

let directory: string;
let storage: FileStorage;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'commonplace-uploads-'));
  storage = createLocalDiskStorage({ directory });
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('local-disk storage', () => {
  it('stores bytes under a random key with their size, sha256 and type, and reads them back', async () => {
    const bytes = Buffer.from('Photosynthesis worksheet\n');
    const stored = await storage.put(bytes, { contentType: 'text/plain; charset=utf-8', filename: 'worksheet.txt' });

    expect(stored.key).toMatch(STORAGE_KEY_PATTERN);
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const read = await storage.get(stored.key);
    expect(read).toMatchObject({ key: stored.key, contentType: 'text/plain; charset=utf-8', filename: 'worksheet.txt', size: bytes.length });
    expect(await text(read!.stream)).toBe(bytes.toString());
    expect(await listFiles(directory)).toEqual(
      expect.arrayContaining([join(stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key)]),
    );
  });

  it('never builds a path from the file name', async () => {
    const stored = await storage.put(Buffer.from('x'), { contentType: 'text/plain', filename: '../../escape.txt' });
    const files = await listFiles(directory);
    expect(files.every((file) => file.startsWith(`${stored.key.slice(0, 2)}/`))).toBe(true);
    expect(files.some((file) => file.includes('escape'))).toBe(false);
  });

  it('refuses keys that are not its own before touching the disk', async () => {
    for (const key of ['../../etc/passwd', '..', '/etc/passwd', 'ABCDEF0123456789abcdef0123456789', `${'a'.repeat(31)}/`]) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
  });

  it('leaves nothing behind when the source stream fails half-way', async () => {
    async function* failing() {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('client went away');
    }
    await expect(storage.put(Readable.from(failing()), { contentType: 'text/plain' })).rejects.toThrow('client went away');
    expect(await listFiles(directory)).toEqual([]);
  });

  it('serves an inclusive byte range', async () => {
    const stored = await storage.put(Buffer.from('0123456789'), { contentType: 'text/plain' });
    const read = await storage.get(stored.key, { range: { start: 2, end: 5 } });
    expect(await text(read!.stream)).toBe('2345');
  });

  it('deletes a file, after which it does not exist', async () => {
    const stored = await storage.put(Buffer.from('gone soon'), { contentType: 'text/plain' });
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.delete(stored.key)).toBe(true);
    expect(await storage.exists(stored.key)).toBe(false);
    expect(await storage.get(stored.key)).toBeNull();
    expect(await storage.delete(stored.key)).toBe(false);
    expect(await listFiles(directory)).toEqual([]);
  });
});

describe('acceptUpload', () => {
  it('stops a stream over the limit while it flows and stores nothing', async () => {
    const settings = uploadSettings({ directory, maxBytes: 100_000 });
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 16_384;
        yield Buffer.alloc(16_384, 'a'.charCodeAt(0));
      }
    }
    await expect(acceptUpload(storage, settings, { source: Readable.from(endless()) })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(produced).toBeLessThan(200_000);
    expect(await listFiles(directory)).toEqual([]);
  });

  it('records the type sniffed from the bytes', async () => {
    const settings = uploadSettings({ directory });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const stored = await acceptUpload(storage, settings, { source: pdf, filename: 'notes.png' });
    expect(stored.contentType).toBe('application/pdf');
    expect(stored.filename).toBe('notes.png');
    expect(await readFile(join(directory, stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key))).toEqual(pdf);
  });

  it('refuses types off the allow-list, naming the detected type', async () => {
    const settings = uploadSettings({ directory, allowedTypes: ['application/pdf'] });
    const error = await acceptUpload(storage, settings, { source: Buffer.from('just some text') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedFileTypeError);
    expect((error as UnsupportedFileTypeError).detectedType).toBe('text/plain; charset=utf-8');
    expect(await listFiles(directory)).toEqual([]);
  });
});

describe('cleanFilename', () => {
  it('keeps the last path segment without quotes, control characters or leading dots', () => {
    expect(cleanFilename('C:\\Users\\me\\lesson "one".pdf')).toBe('lesson one.pdf');
    expect(cleanFilename('../../.bashrc')).toBe('bashrc');
    expect(cleanFilename('a\u0000b\r\n.txt')).toBe('ab.txt');
    expect(cleanFilename('...')).toBeNull();
    expect(cleanFilename('x'.repeat(300))).toHaveLength(200);
  });
});
