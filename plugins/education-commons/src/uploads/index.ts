/**
 * Uploads for education-commons: a storage port with a local-disk adapter, upload checks (size
 * limit while streaming, type sniffed from the bytes against an allow-list), thumbnails, and the
 * HTTP routes that take and serve files with safe headers.
 *
 * Wiring it into the plugin:
 *
 *   import { createLocalDiskStorage, registerUploadRoutes, uploadSettingsSchema } from './uploads/index.js';
 *
 *   definePlugin({
 *     settings: z.object({ uploads: uploadSettingsSchema, ... }),     // every key has a default
 *     routes: async (app, { settings }) => {
 *       const storage = createLocalDiskStorage(settings.uploads);      // { directory }, absolute here
 *       await registerUploadRoutes(app, { storage, settings: settings.uploads, onUpload });
 *     },                                                              // -> /education-commons/uploads
 *   });
 *
 * Routes (under the plugin's prefix, `path` defaults to `/uploads`):
 * - POST /uploads: multipart, one file part (any field name), bearer token required.
 *   201 UploadResponse { key, size, sha256, contentType, filename, url, thumbnail: { key, url,
 *   contentType, width, height } | null }. 401 anonymous, 413 over `maxBytes`, 415 refused or
 *   unrecognised type (body has `detectedType`), 400 no file / empty file / not multipart.
 *   Error bodies: { statusCode, error, code, message, ...details }.
 * - GET /uploads/:key: the bytes with Content-Type (as sniffed), nosniff, `Content-Security-Policy:
 *   default-src 'none'; sandbox`, Content-Disposition (inline for raster images, audio, video and
 *   plain text; attachment otherwise), ETag = sha256, immutable caching, If-None-Match (304), one
 *   Range (206/416). 400 for a malformed key, 404 for an unknown one.
 *
 * To use an upload elsewhere (say a resource's file), keep its `key` and check it with
 * `storage.head(key)`; keys are 128 random bits, never derived from file names. The same checks
 * without HTTP: `acceptUpload(storage, settings, { source, filename })` and `createThumbnail(...)`.
 */
export type { FileStorage, PutFileMeta, StoredFile, StoredFileStream, ByteRange } from './file-storage.js';
export { isStorageKey, InvalidStorageKeyError, STORAGE_KEY_PATTERN } from './file-storage.js';
export { createLocalDiskStorage, type LocalDiskStorageOptions } from './local-disk-storage.js';
export { uploadSettingsSchema, uploadSettings, DEFAULT_ALLOWED_TYPES, type UploadSettings } from './settings.js';
export { uploadsDirectory, moveLegacyUploads, LEGACY_UPLOADS_DIRECTORY } from './uploads-directory.js';
export { acceptUpload, isAllowedType, cleanFilename, type UploadInput } from './accept-upload.js';
export { createThumbnail, canThumbnail, canThumbnailPdf, THUMBNAIL_CONTENT_TYPE, type Thumbnail } from './thumbnails.js';
export { registerUploadRoutes, type UploadRoutesOptions, type UploadedFile, type UploadResponse } from './upload-routes.js';
export {
  UploadRefusedError,
  UploadTooLargeError,
  UnsupportedFileTypeError,
  EmptyUploadError,
} from './upload-errors.js';
