import { registerUploadRoutes, createLocalDiskStorage, uploadsDirectory, type FileStorage, type UploadedFile } from '../uploads/index.js';
import type { FastifyInstance, FastifyRequest, PluginContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import { PLUGIN_ID, type EducationCommonsSettings } from '../settings.js';
import type { CommonsExecutor } from '../tables.js';

/** Where an upload is served from (uploads/upload-routes.ts serves GET /uploads/:key under the plugin's prefix). */
export const uploadUrl = (publicUrl: string, key: string) => `${publicUrl}/${PLUGIN_ID}/uploads/${key}`;

/**
 * Mounts the upload routes (POST /education-commons/uploads, GET …/uploads/:key) over local-disk
 * storage, and records each upload's uploader so `createResource(uploadId)` accepts only the
 * viewer's own files.
 */
export async function resourceUploadRoutes(app: FastifyInstance, context: PluginContext<EducationCommonsSettings, EducationCommonsServices>): Promise<void> {
  await registerUploadRoutes(app, {
    storage: (request) => uploadStorageOf(context.services(request)),
    settings: context.settings.uploads,
    onUpload: ({ file, thumbnail }: UploadedFile, request: FastifyRequest) =>
      context
        .services(request)
        .db.insertInto('education_commons_uploads')
        .values({
          key: file.key,
          uploader_actor_id: request.viewer!.actorId,
          content_type: file.contentType,
          size: file.size,
          filename: file.filename,
          thumbnail_key: thumbnail?.key ?? null,
          created_at: file.createdAt,
        })
        .execute()
        .then(() => undefined),
  });
}

/** The plugin's file storage: local disk, in `uploads.directory` under the instance's data directory. */
export function uploadStorageOf(services: EducationCommonsServices): FileStorage {
  const { settings } = commonsOf(services);
  return createLocalDiskStorage({ directory: uploadsDirectory(services.config, settings.uploads) });
}

/** The viewer's own upload with that key, as a resource's file; null for anyone else's or an unknown key. */
export async function ownUpload(db: CommonsExecutor, publicUrl: string, actorId: string, key: string) {
  if (!/^[0-9a-f]{32}$/.test(key)) return null;
  const row = await db.selectFrom('education_commons_uploads').selectAll().where('key', '=', key).where('uploader_actor_id', '=', actorId).executeTakeFirst();
  return row ? { url: uploadUrl(publicUrl, row.key), mediaType: row.content_type, uploadId: row.key } : null;
}
