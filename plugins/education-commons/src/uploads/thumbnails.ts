import { createRequire } from 'node:module';
import type { FileStorage, StoredFile } from './file-storage.js';
import { limitBytes } from './byte-limit.js';
import { renderPdfFirstPage } from './pdf-first-page.js';
import { UploadTooLargeError } from './upload-errors.js';
import type { UploadSettings } from './settings.js';
import { baseType } from './sniff-content-type.js';

export const THUMBNAIL_CONTENT_TYPE = 'image/webp';

/**
 * sharp is loaded with the first thumbnail: its native library costs start-up time and tens of
 * megabytes that an instance which never receives an image should not pay.
 */
let sharpModule: Promise<typeof import('sharp')> | undefined;
async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

/** Raster types sharp decodes in every build. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/tiff']);

export interface Thumbnail {
  key: string;
  contentType: string;
  width: number;
  height: number;
}

export interface ThumbnailLogger {
  warn(object: object, message: string): void;
}

/**
 * True when PDFs get thumbnails: drawn by pdf.js in a worker (pdf-first-page.ts) when pdfjs-dist and
 * @napi-rs/canvas are installed (they are this plugin's dependencies), or by sharp when its libvips
 * was built with a PDF loader (stock builds are not).
 */
export async function canThumbnailPdf(): Promise<boolean> {
  return pdfJsInstalled() || (await sharpReadsPdf());
}

let pdfJsFound: boolean | undefined;
function pdfJsInstalled(): boolean {
  if (pdfJsFound === undefined) {
    const require = createRequire(import.meta.url);
    try {
      require.resolve('pdfjs-dist/package.json');
      require.resolve('@napi-rs/canvas');
      pdfJsFound = true;
    } catch {
      pdfJsFound = false;
    }
  }
  return pdfJsFound;
}

async function sharpReadsPdf(): Promise<boolean> {
  return (await loadSharp()).format.pdf?.input?.stream === true;
}

export async function canThumbnail(contentType: string): Promise<boolean> {
  const type = baseType(contentType);
  return IMAGE_TYPES.has(type) || (type === 'application/pdf' && (await canThumbnailPdf()));
}

/**
 * Makes a WebP thumbnail of an image (or of a PDF's first page) and stores it as a
 * file of its own. Returns null, without throwing, when the type has none or the image cannot be
 * read: too many pixels (sharp refuses before decoding, which stops decompression bombs), or
 * corrupt data. The original upload stands either way.
 */
export async function createThumbnail(
  storage: FileStorage,
  file: StoredFile,
  settings: UploadSettings,
  log?: ThumbnailLogger,
): Promise<Thumbnail | null> {
  if (!(await canThumbnail(file.contentType))) return null;
  const isPdf = baseType(file.contentType) === 'application/pdf';
  if (isPdf && !(await sharpReadsPdf())) return pdfThumbnail(storage, file, settings, log);
  const source = await storage.get(file.key);
  if (!source) return null;
  try {
    const transformer = thumbnailOf(await loadSharp(), settings, isPdf ? { page: 0, pages: 1 } : {});
    source.stream.pipe(transformer);
    return await storeThumbnail(storage, transformer);
  } catch (error) {
    source.stream.destroy();
    log?.warn({ err: error, key: file.key, contentType: file.contentType }, 'no thumbnail: the file could not be read as an image');
    return null;
  }
}

/** The first page drawn by pdf.js, then encoded like any image. */
async function pdfThumbnail(storage: FileStorage, file: StoredFile, settings: UploadSettings, log?: ThumbnailLogger): Promise<Thumbnail | null> {
  const { maxWidth, maxHeight, pdfMaxBytes, pdfTimeoutMs, pdfMemoryMb } = settings.thumbnail;
  if (file.size > pdfMaxBytes) return null;
  const source = await storage.get(file.key);
  if (!source) return null;
  const bytes = await readAll(source.stream, pdfMaxBytes);
  if (!bytes) return null;
  const rendered = await renderPdfFirstPage(bytes, { maxWidth, maxHeight, timeoutMs: pdfTimeoutMs, memoryMb: pdfMemoryMb });
  if (!rendered.ok) {
    if (rendered.unavailable) pdfJsFound = false;
    log?.warn({ key: file.key, reason: rendered.reason }, 'no thumbnail: the first page of the PDF could not be drawn');
    return null;
  }
  try {
    return await storeThumbnail(storage, thumbnailOf(await loadSharp(), settings).end(rendered.png));
  } catch (error) {
    log?.warn({ err: error, key: file.key }, 'no thumbnail: the drawn PDF page could not be encoded');
    return null;
  }
}

function thumbnailOf(sharp: Awaited<ReturnType<typeof loadSharp>>, settings: UploadSettings, input: { page?: number; pages?: number } = {}) {
  const { maxWidth, maxHeight, maxInputPixels } = settings.thumbnail;
  return sharp({ limitInputPixels: maxInputPixels, failOn: 'error', ...input })
    .rotate() // honour EXIF orientation
    .resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 });
}

async function storeThumbnail(storage: FileStorage, transformer: ReturnType<typeof thumbnailOf>): Promise<Thumbnail> {
  const { data, info } = await transformer.toBuffer({ resolveWithObject: true });
  const stored = await storage.put(data, { contentType: THUMBNAIL_CONTENT_TYPE, filename: null });
  return { key: stored.key, contentType: THUMBNAIL_CONTENT_TYPE, width: info.width, height: info.height };
}

/** The whole stream, or null past maxBytes (the file changed size since it was stored). */
async function readAll(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of limitBytes(stream, maxBytes)) chunks.push(chunk);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return null;
    throw error;
  }
  return Buffer.concat(chunks);
}
