import { z } from '@commonplace/sdk';

/**
 * Types accepted by default, as sniffed from the bytes: documents a teacher shares, images, audio
 * and video a browser plays, and archives. No HTML, SVG or XML (they can carry script), no
 * executables. `text/plain` covers every text file without magic bytes (CSV, Markdown, code...).
 */
export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'text/plain',
  'application/rtf',
  'application/epub+zip',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.oasis.opendocument.graphics',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/ogg; codecs=opus',
  'audio/wav',
  'audio/flac',
  'audio/webm',
  'video/mp4',
  'video/webm',
  'video/ogg',
];

const MEBIBYTE = 1024 * 1024;

/**
 * The uploads part of the plugin's settings. Drop it in as a field:
 * `settings: z.object({ uploads: uploadSettingsSchema, ... })`; every key has a default.
 */
export const uploadSettingsSchema = z
  .object({
    /**
     * Where the local-disk storage keeps files. A relative path resolves against the instance's data
     * directory (DATA_DIR), so backing up that folder backs up the uploads; files an older version left
     * in ./data/uploads (from the working directory) are moved here on start (uploads-directory.ts).
     */
    directory: z.string().min(1).default('uploads'),
    /**
     * Uploads no live resource uses (never attached, or their resources deleted) are removed after this
     * many hours, by the host plugin's clean-up job (education-commons: purge-unattached-uploads, hourly).
     */
    unattachedRetentionHours: z.number().min(1).max(24 * 365).default(24),
    /** Largest accepted file, in bytes; a bigger upload is stopped while it streams (413). */
    maxBytes: z.number().int().min(1).default(50 * MEBIBYTE),
    /** MIME types accepted, compared with the type sniffed from the file's bytes. */
    allowedTypes: z.array(z.string().min(1)).min(1).default([...DEFAULT_ALLOWED_TYPES]),
    /** How many leading bytes are read to recognise the type (zip-based formats need more than 4 KB). */
    sniffBytes: z.number().int().min(4100).max(4 * MEBIBYTE).default(256 * 1024),
    thumbnail: z
      .object({
        /** Thumbnails fit in a box of this size, in pixels, and are never enlarged. */
        maxWidth: z.number().int().min(16).max(2048).default(320),
        maxHeight: z.number().int().min(16).max(2048).default(320),
        /** Images with more pixels get no thumbnail: the guard against decompression bombs. */
        maxInputPixels: z.number().int().min(1).default(40_000_000),
        /** PDFs larger than this get no thumbnail (pdf.js reads the whole file into memory). */
        pdfMaxBytes: z.number().int().min(1).default(25 * MEBIBYTE),
        /** Drawing a PDF's first page is stopped after this long (a crafted document can take forever). */
        pdfTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        /** Heap cap, in MB, of the worker that draws a PDF's first page. */
        pdfMemoryMb: z.number().int().min(32).max(4096).default(256),
      })
      .prefault({}),
  })
  .prefault({});

export type UploadSettings = z.output<typeof uploadSettingsSchema>;

/** The settings with every default filled in, from a partial object (for code and tests). */
export function uploadSettings(input: z.input<typeof uploadSettingsSchema> = {}): UploadSettings {
  return uploadSettingsSchema.parse(input);
}
