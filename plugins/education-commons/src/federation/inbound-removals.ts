import { dropActivity, type ActivityPubObject, type InboxHandlerResult } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { removeDocument, SEARCH_TYPES } from '../search/documents.js';
import { commonsOf } from '../shared/commons.js';
import { hostOf } from './uris.js';
import { idOf } from './wire-values.js';

/** A Delete of a remote resource or comment we hold a copy of: it becomes a Tombstone here too. */
export async function deleteRemote(services: EducationCommonsServices, activity: ActivityPubObject, object: ActivityPubObject): Promise<InboxHandlerResult> {
  const uri = typeof object.id === 'string' ? object.id : null;
  const origin = uri ? hostOf(uri) : null;
  // Core checked that the object lives on the sender's host; a copy is only ever deleted by its origin.
  if (!uri || !origin || origin !== hostOf(idOf(activity.actor) ?? '')) return dropActivity('a Delete of an object from another host');
  // Nothing held (never kept, as a stranger's Note): the Group's followers never had it either.
  if ((await tombstoneCopies(services, uri, origin)) === 0) return dropActivity('a Delete of nothing held here');
}

/**
 * Tombstones our live copies of the remote object `uri` from `origin` (a resource, taken out of search
 * too, or a comment): for a Delete, and for an Update that no longer addresses it to the public. A
 * tombstone is final: a later Update does not bring it back. Returns how many rows it changed.
 */
export async function tombstoneCopies(services: EducationCommonsServices, uri: string, origin: string): Promise<number> {
  const { db, now } = commonsOf(services);
  const at = now();
  const resources = await db
    .updateTable('education_commons_resources')
    .set({ deleted_at: at, updated_at: at })
    .where('uri', '=', uri)
    .where('origin_host', '=', origin)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();
  for (const resource of resources) await removeDocument(services, SEARCH_TYPES.resource, resource.id, db);
  const comments = await db
    .updateTable('education_commons_comments')
    .set({ deleted_at: at, updated_at: at })
    .where('uri', '=', uri)
    .where('origin_host', '=', origin)
    .where('deleted_at', 'is', null)
    .returning('id')
    .execute();
  return resources.length + comments.length;
}
