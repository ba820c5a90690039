import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from '@commonplace/sdk';
import { isStorageKey, type FileStorage, type StoredFile } from './file-storage.js';
import type { UploadSettings } from './settings.js';
import { acceptUpload } from './accept-upload.js';
import { createThumbnail, type Thumbnail } from './thumbnails.js';
import { etagFor, matchesEtag, parseRange, safeFileHeaders } from './download-headers.js';
import { EmptyUploadError, UploadRefusedError } from './upload-errors.js';

export interface UploadRoutesOptions {
  /** The storage, or how to find it from a request (its folder depends on the instance's data directory). */
  storage: FileStorage | ((request: FastifyRequest) => FileStorage);
  settings: UploadSettings;
  /** Where the routes live inside the caller's context; default `/uploads`. */
  path?: string;
  /** Make thumbnails during the upload request (default true). */
  thumbnails?: boolean;
  /**
   * Called after a file (and its thumbnail) is stored, before the response: record who uploaded
   * what here. If it throws, the stored files are deleted again and the error is the response.
   */
  onUpload?(upload: UploadedFile, request: FastifyRequest): Promise<void> | void;
}

export interface UploadedFile {
  file: StoredFile;
  thumbnail: Thumbnail | null;
}

/** The JSON body of a successful upload (201). */
export interface UploadResponse {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
  filename: string | null;
  url: string;
  thumbnail: (Thumbnail & { url: string }) | null;
}

/**
 * POST `<path>`: a multipart form with one file part, by a logged-in viewer (401 otherwise).
 * GET `<path>/:key`: the file, with safe headers, ETag, conditional and range requests.
 * Registered in a child context of `app`, so the multipart parser applies to these routes only.
 */
export async function registerUploadRoutes(app: FastifyInstance, options: UploadRoutesOptions): Promise<void> {
  const { settings } = options;
  const storageFor = (request: FastifyRequest) => (typeof options.storage === 'function' ? options.storage(request) : options.storage);
  const path = (options.path ?? '/uploads').replace(/\/$/, '');

  await app.register(async (routes) => {
    await routes.register(multipart, {
      // One byte over the limit reaches our own counter, which refuses the upload with a clear 413.
      limits: { files: 1, parts: 10, fields: 5, fieldSize: 1024, fileSize: settings.maxBytes + 1 },
      throwFileSizeLimit: false,
    });
    const urlFor = (key: string) => `${routes.prefix}${path}/${key}`;

    routes.post(path, async (request, reply) => {
      if (!request.viewer) {
        return sendError(reply, 401, 'UNAUTHENTICATED', 'You need to log in to upload files.');
      }
      let uploaded: UploadedFile | null = null;
      const storage = storageFor(request);
      try {
        const part = await request.file();
        if (!part) throw new EmptyUploadError('The request has no file part; send the file in a multipart form field.');
        const file = await acceptUpload(storage, settings, { source: part.file, filename: part.filename });
        uploaded = { file, thumbnail: null };
        if (options.thumbnails !== false) uploaded.thumbnail = await createThumbnail(storage, file, settings, request.log);
        await options.onUpload?.(uploaded, request);
      } catch (error) {
        if (uploaded) await deleteUploaded(storage, uploaded);
        if (error instanceof UploadRefusedError) {
          return sendError(reply, error.statusCode, error.code, error.message, error.details);
        }
        const status = (error as { statusCode?: number }).statusCode;
        // The multipart parser's own refusals (not multipart, malformed, too many parts) are 4xx.
        if (status && status >= 400 && status < 500) return sendError(reply, status, 'BAD_USER_INPUT', (error as Error).message);
        throw error;
      }
      const { file, thumbnail } = uploaded;
      const body: UploadResponse = {
        key: file.key,
        size: file.size,
        sha256: file.sha256,
        contentType: file.contentType,
        filename: file.filename,
        url: urlFor(file.key),
        thumbnail: thumbnail ? { ...thumbnail, url: urlFor(thumbnail.key) } : null,
      };
      return reply.status(201).send(body);
    });

    routes.get<{ Params: { key: string } }>(`${path}/:key`, async (request, reply) => {
      const { key } = request.params;
      if (!isStorageKey(key)) {
        return sendError(reply, 400, 'BAD_USER_INPUT', 'A file key is 32 lowercase hex digits.', { field: 'key' });
      }
      const storage = storageFor(request);
      const file = await storage.head(key);
      if (!file) return sendError(reply, 404, 'NOT_FOUND', 'There is no file with this key.');

      reply.headers(safeFileHeaders(file));
      if (matchesEtag(request.headers['if-none-match'], etagFor(file))) return reply.status(304).send();

      const ifRange = request.headers['if-range'];
      const range = ifRange && ifRange !== etagFor(file) ? { kind: 'whole' as const } : parseRange(request.headers.range, file.size);
      if (range.kind === 'unsatisfiable') {
        reply.header('content-range', `bytes */${file.size}`);
        return sendError(reply, 416, 'BAD_USER_INPUT', `The range is outside the file's ${file.size} bytes.`);
      }
      const served = await storage.get(key, range.kind === 'partial' ? { range: range.range } : {});
      if (!served) return sendError(reply, 404, 'NOT_FOUND', 'There is no file with this key.');
      if (range.kind === 'partial') {
        const { start, end } = range.range;
        reply.status(206).header('content-range', `bytes ${start}-${end}/${file.size}`).header('content-length', end - start + 1);
      } else {
        reply.header('content-length', file.size);
      }
      return reply.send(served.stream);
    });
  });
}

async function deleteUploaded(storage: FileStorage, uploaded: UploadedFile): Promise<void> {
  await storage.delete(uploaded.file.key);
  if (uploaded.thumbnail) await storage.delete(uploaded.thumbnail.key);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
};

/**
 * Error bodies in core's shape. A refused upload may leave part of the request body unread, so the
 * connection is closed rather than reused.
 */
function sendError(reply: FastifyReply, status: number, code: string, message: string, details: Record<string, unknown> = {}) {
  if (reply.request.method === 'POST') reply.header('connection', 'close');
  // A download's safe headers do not belong on an error body.
  for (const header of ['content-disposition', 'etag', 'cache-control', 'accept-ranges', 'content-length']) reply.removeHeader(header);
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ statusCode: status, error: REASONS[status] ?? 'Error', code, message, ...details });
}
