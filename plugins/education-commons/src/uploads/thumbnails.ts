import type { FileStorage, StoredFile } from './file-storage.js';
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
 * True when sharp can render a PDF's first page. Stock sharp builds (this one included) have no
 * PDF loader: that needs libvips built with PDFium or poppler. When it is there, PDFs get thumbnails.
 */
export async function canThumbnailPdf(): Promise<boolean> {
  return (await loadSharp()).format.pdf?.input?.stream === true;
}

export async function canThumbnail(contentType: string): Promise<boolean> {
  const type = baseType(contentType);
  return IMAGE_TYPES.has(type) || (type === 'application/pdf' && (await canThumbnailPdf()));
}

/**
 * Makes a WebP thumbnail of an image (or a PDF's first page, where sharp can) and stores it as a
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
  const source = await storage.get(file.key);
  if (!source) return null;
  const { maxWidth, maxHeight, maxInputPixels } = settings.thumbnail;
  const isPdf = baseType(file.contentType) === 'application/pdf';
  const sharp = await loadSharp();
  try {
    const transformer = sharp({ limitInputPixels: maxInputPixels, failOn: 'error', ...(isPdf ? { page: 0, pages: 1 } : {}) })
      .rotate() // honour EXIF orientation
      .resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 });
    source.stream.pipe(transformer);
    const { data, info } = await transformer.toBuffer({ resolveWithObject: true });
    const stored = await storage.put(data, { contentType: THUMBNAIL_CONTENT_TYPE, filename: null });
    return { key: stored.key, contentType: THUMBNAIL_CONTENT_TYPE, width: info.width, height: info.height };
  } catch (error) {
    source.stream.destroy();
    log?.warn({ err: error, key: file.key, contentType: file.contentType }, 'no thumbnail: the file could not be read as an image');
    return null;
  }
}
