import { BadUserInputError, sql } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import type { CommonsExecutor } from '../tables.js';
import type { FileStorage } from '../uploads/index.js';
import { uploadStorageOf } from './uploads.js';

/** Uploads deleted per transaction; a run goes on until none is left. */
const PURGE_BATCH = 100;

/**
 * Deletes the uploads no live resource uses once they are older than
 * `uploads.unattachedRetentionHours`: files uploaded and never attached (an abandoned form), and the
 * files of deleted resources, which would otherwise stay downloadable at their URL. Rows go first, in
 * a transaction that locks them (skipping any a resource being created holds, see holdUpload); the
 * files and thumbnails go after the commit. Returns how many uploads were removed.
 */
export async function purgeUnattachedUploads(services: EducationCommonsServices, storage: FileStorage = uploadStorageOf(services)): Promise<number> {
  const { db, settings, now } = commonsOf(services);
  const cutoff = new Date(now().getTime() - settings.uploads.unattachedRetentionHours * 3_600_000);
  let removed = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('education_commons_uploads as u')
        .select(['u.key', 'u.thumbnail_key'])
        .where('u.created_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('education_commons_resources as r')
                .select(sql`1`.as('used'))
                .whereRef('r.upload_id', '=', 'u.key')
                .where('r.deleted_at', 'is', null),
            ),
          ),
        )
        .orderBy('u.created_at')
        .limit(PURGE_BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length > 0) await tx.deleteFrom('education_commons_uploads').where('key', 'in', rows.map((row) => row.key)).execute();
      return rows;
    });
    for (const row of batch) {
      for (const key of row.thumbnail_key ? [row.key, row.thumbnail_key] : [row.key]) {
        // A file already gone is not an error (delete says false); one that cannot be removed stays on
        // disk, logged, rather than stopping the rest.
        await storage.delete(key).catch((error: unknown) => services.log.warn({ err: error, key }, 'an unused upload could not be removed from storage'));
      }
    }
    removed += batch.length;
    if (batch.length < PURGE_BATCH) return removed;
  }
}

/**
 * Locks an upload for the rest of a transaction that is about to make a resource of it, so the purge
 * cannot delete it in between (it skips locked rows). BAD_USER_INPUT naming `field` when it is gone.
 */
export async function holdUpload(tx: CommonsExecutor, key: string, field: string): Promise<void> {
  const held = await tx.selectFrom('education_commons_uploads').select('key').where('key', '=', key).forShare().executeTakeFirst();
  if (!held) throw new BadUserInputError('The uploaded file is gone (files no resource uses are deleted after a while); upload it again.', field);
}

