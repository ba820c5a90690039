import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, ForbiddenError, z } from '@commonplace/sdk';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import {
  canThumbnailPdf,
  createLocalDiskStorage,
  registerUploadRoutes,
  uploadSettingsSchema,
  type UploadResponse,
} from '../../src/uploads/index.js';
import { renderPdfFirstPage } from '../../src/uploads/pdf-first-page.js';
import { listFiles, multipartBody, twoColourPdf, type FormPart } from './helpers.js';

const recordedUploads: Array<{ actorId: string; key: string }> = [];

// A host plugin wired as education-commons wires uploads: settings fragment, storage, routes, and
// an onUpload hook that records the uploader (and refuses one file name, to test the clean-up).
const uploadsHost = definePlugin({
  id: 'uploads-host',
  version: '0.0.0',
  settings: z.object({ uploads: uploadSettingsSchema }),
  routes: async (app, { settings }) => {
    await registerUploadRoutes(app, {
      storage: createLocalDiskStorage(settings.uploads),
      settings: settings.uploads,
      onUpload: ({ file }, request) => {
        if (file.filename === 'refused-by-host.png') throw new ForbiddenError('The host plugin refused this file.');
        recordedUploads.push({ actorId: request.viewer!.actorId, key: file.key });
      },
    });
  },
});

const MAX_BYTES = 2 * 1024 * 1024;
let directory: string;
let instance: TestInstance;
let alice: TestUser;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'commonplace-upload-routes-'));
  instance = await createTestInstance({
    plugins: [
      {
        plugin: uploadsHost,
        settings: { uploads: { directory, maxBytes: MAX_BYTES, thumbnail: { maxInputPixels: 4_000_000 } } },
      },
    ],
  });
  alice = await instance.signUp('alice');
});

afterAll(async () => {
  await instance?.close();
  await rm(directory, { recursive: true, force: true });
});

function upload(part: Omit<FormPart, 'name'>, as: TestUser | null = alice) {
  const { payload, headers } = multipartBody([{ name: 'file', ...part }]);
  return instance.inject({
    method: 'POST',
    url: '/uploads-host/uploads',
    payload,
    headers: as ? { ...headers, authorization: `Bearer ${as.token}` } : headers,
  });
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
}

describe('uploading', () => {
  it('refuses an anonymous upload with 401 and stores nothing', async () => {
    const before = await listFiles(directory);
    const response = await upload({ filename: 'a.png', contentType: 'image/png', data: await png(10, 10) }, null);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await listFiles(directory)).toEqual(before);
  });

  it('refuses a token core does not accept', async () => {
    const response = await upload({ filename: 'a.png', data: await png(10, 10) }, { ...alice, token: 'not-a-token' });
    expect(response.statusCode).toBe(401);
  });

  it('stores a PNG and makes a thumbnail that fits the box', async () => {
    const response = await upload({ filename: 'cells.png', contentType: 'application/octet-stream', data: await png(800, 600) });
    expect(response.statusCode).toBe(201);
    const body = response.json<UploadResponse>();
    expect(body).toMatchObject({ contentType: 'image/png', filename: 'cells.png', url: `/uploads-host/uploads/${body.key}` });
    expect(body.thumbnail).toMatchObject({ contentType: 'image/webp', width: 320, height: 240 });

    const thumbnail = await instance.inject(body.thumbnail!.url);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    const metadata = await sharp(thumbnail.rawPayload).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('makes a thumbnail of a JPEG too, and never enlarges a small image', async () => {
    const jpeg = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    const body = (await upload({ filename: 'small.jpg', data: jpeg })).json<UploadResponse>();
    expect(body.contentType).toBe('image/jpeg');
    expect(body.thumbnail).toMatchObject({ width: 100, height: 50 });
  });

  it('keeps an image with more pixels than the limit but makes no thumbnail of it', async () => {
    const response = await upload({ filename: 'huge.png', data: await png(3000, 3000) });
    expect(response.statusCode).toBe(201);
    expect(response.json<UploadResponse>()).toMatchObject({ contentType: 'image/png', thumbnail: null });
  });

  it('makes a thumbnail of a PDF from its first page, drawn as it looks', async () => {
    const response = await upload({ filename: 'worksheet.pdf', data: twoColourPdf(200, 100) });
    expect(response.statusCode).toBe(201);
    const body = response.json<UploadResponse>();
    expect(body.contentType).toBe('application/pdf');
    expect(body.thumbnail).toMatchObject({ contentType: 'image/webp', width: 320, height: 160 });
    const thumbnail = await instance.inject(body.thumbnail!.url);
    const { data, info } = await sharp(thumbnail.rawPayload).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    // Left half red, right half blue (lossy WebP: near, not exact).
    const [r1, g1, b1] = pixel(40, 80);
    const [r2, g2, b2] = pixel(280, 80);
    expect(r1).toBeGreaterThan(200);
    expect(g1! + b1!).toBeLessThan(80);
    expect(b2).toBeGreaterThan(200);
    expect(r2! + g2!).toBeLessThan(80);
  });

  it('stops drawing a PDF at its deadline and keeps the file without a thumbnail', async () => {
    const rendered = await renderPdfFirstPage(twoColourPdf(), { maxWidth: 320, maxHeight: 320, timeoutMs: 1, memoryMb: 64 });
    expect(rendered).toMatchObject({ ok: false, reason: 'rendering took longer than 1 ms' });
    const broken = await renderPdfFirstPage(Buffer.from('%PDF-1.4\n%%EOF\n'), { maxWidth: 320, maxHeight: 320, timeoutMs: 10_000, memoryMb: 64 });
    expect(broken.ok).toBe(false);
  });

  it('trusts the bytes, not the declared type or name', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const asPdf = (await upload({ filename: 'photo.png', contentType: 'image/png', data: pdf })).json<UploadResponse>();
    expect(asPdf.contentType).toBe('application/pdf');
    // This PDF has no page to draw: it is kept without a thumbnail.
    expect(await canThumbnailPdf()).toBe(true);
    expect(asPdf.thumbnail).toBeNull();

    const page = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
    const asText = (await upload({ filename: 'page.html', contentType: 'text/html', data: page })).json<UploadResponse>();
    expect(asText.contentType).toBe('text/plain; charset=utf-8');
    const served = await instance.inject(asText.url);
    expect(served.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(served.body).toBe(page);
  });

  it('refuses types off the allow-list with 415 and the detected type', async () => {
    const before = await listFiles(directory);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const cases: Array<[Buffer | string, string | null]> = [
      [elf, 'application/x-elf'],
      [svg, 'application/xml'],
      [Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x01, 0x02, 0x03, 0xfe]), null],
    ];
    for (const [data, detectedType] of cases) {
      const response = await upload({ filename: 'harmless.pdf', contentType: 'application/pdf', data });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detectedType });
    }
    expect(await listFiles(directory)).toEqual(before);
  });

  it('accepts a file larger than the instance body limit but within the upload limit', async () => {
    const response = await upload({ filename: 'big.csv', data: Buffer.alloc(1536 * 1024, 'a,b,c\n') });
    expect(response.statusCode).toBe(201);
    expect(response.json<UploadResponse>().size).toBe(1536 * 1024);
  });

  it('refuses a file over the limit with 413 and leaves no file behind', async () => {
    const before = await listFiles(directory);
    const response = await upload({ filename: 'too-big.txt', data: Buffer.alloc(MAX_BYTES + 1, 'x') });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', maxBytes: MAX_BYTES });
    expect(await listFiles(directory)).toEqual(before);
  });

  it('tells the host plugin who uploaded what, and deletes the files when the host refuses', async () => {
    const body = (await upload({ filename: 'kept.txt', data: 'kept' })).json<UploadResponse>();
    expect(recordedUploads).toContainEqual({ actorId: alice.actorId, key: body.key });

    const before = await listFiles(directory);
    const refused = await upload({ filename: 'refused-by-host.png', data: await png(400, 400) });
    expect(refused.statusCode).toBe(403);
    expect(await listFiles(directory)).toEqual(before);
  });

  it('refuses an empty file and a form without a file', async () => {
    expect((await upload({ filename: 'empty.txt', data: '' })).statusCode).toBe(400);
    const { payload, headers } = multipartBody([{ name: 'note', data: 'no file here' }]);
    const response = await instance.inject({
      method: 'POST',
      url: '/uploads-host/uploads',
      payload,
      headers: { ...headers, authorization: `Bearer ${alice.token}` },
    });
    expect(response.statusCode).toBe(400);
  });

  it('keeps only a clean last segment of the client file name', async () => {
    const before = new Set(await listFiles(directory));
    const body = (await upload({ filename: '../../../etc/cron.txt', data: 'hello' })).json<UploadResponse>();
    expect(body.filename).toBe('cron.txt');
    const added = (await listFiles(directory)).filter((file) => !before.has(file));
    expect(added.sort()).toEqual([`${body.key.slice(0, 2)}/${body.key.slice(2, 4)}/${body.key}`, `${body.key.slice(0, 2)}/${body.key.slice(2, 4)}/${body.key}.json`].sort());
  });
});

describe('downloading', () => {
  let image: Buffer;
  let imageUpload: UploadResponse;

  beforeAll(async () => {
    image = await png(64, 48);
    imageUpload = (await upload({ filename: 'diagram é.png', data: image })).json<UploadResponse>();
  });

  it('serves an image inline with safe, cacheable headers', async () => {
    const response = await instance.inject(imageUpload.url);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(image);
    const sha256 = createHash('sha256').update(image).digest('hex');
    expect(response.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(image.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': `inline; filename="diagram _.png"; filename*=UTF-8''diagram%20%C3%A9.png`,
      etag: `"${sha256}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'accept-ranges': 'bytes',
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await instance.inject({ method: 'HEAD', url: imageUpload.url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(image.length));
    expect(response.rawPayload.length).toBe(0);
  });

  it('serves a PDF as an attachment', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const body = (await upload({ filename: 'syllabus.pdf', data: pdf })).json<UploadResponse>();
    const response = await instance.inject(body.url);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="syllabus.pdf"/);
    expect(response.headers['content-type']).toBe('application/pdf');
  });

  it('answers If-None-Match with 304 and a range with 206', async () => {
    const etag = `"${imageUpload.sha256}"`;
    const notModified = await instance.inject({ url: imageUpload.url, headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    const partial = await instance.inject({ url: imageUpload.url, headers: { range: 'bytes=0-7' } });
    expect(partial.statusCode).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 0-7/${image.length}`);
    expect(partial.rawPayload).toEqual(image.subarray(0, 8));

    const suffix = await instance.inject({ url: imageUpload.url, headers: { range: 'bytes=-4' } });
    expect(suffix.rawPayload).toEqual(image.subarray(image.length - 4));

    const outside = await instance.inject({ url: imageUpload.url, headers: { range: `bytes=${image.length}-` } });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${image.length}`);
  });

  it('refuses path traversal and malformed keys, and says 404 for unknown ones', async () => {
    // An encoded slash reaches the route as part of the key, which is then refused.
    for (const url of ['/uploads-host/uploads/..%2F..%2F..%2Fetc%2Fpasswd', '/uploads-host/uploads/cells.png']) {
      const response = await instance.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'key' });
    }
    // Dot segments are resolved before routing and never reach the route at all.
    for (const url of ['/uploads-host/uploads/%2E%2E', '/uploads-host/uploads/../../../etc/passwd']) {
      expect((await instance.inject(url)).statusCode).toBe(404);
    }
    const unknown = await instance.inject(`/uploads-host/uploads/${'0'.repeat(32)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['cache-control']).toBeUndefined();
  });
});
