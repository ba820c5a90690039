import type { EducationCommonsServices } from '../services.js';
import { tombstone } from '../federation/documents.js';
import { relayToCollectionFollowers } from '../federation/collection-relay.js';
import { publishActivity } from '../federation/outbound.js';
import { commonsUrls } from '../federation/uris.js';
import { removeDocument, SEARCH_TYPES } from '../search/documents.js';
import type { CommonsExecutor, ResourceRow } from '../tables.js';

/**
 * Deletes resources the ActivityPub way: each row stays as a Tombstone (its id keeps answering 410,
 * copies on other servers are told with a Delete), leaves the search index, and stops being listed.
 *
 * `announceAs: 'group'` publishes the Deletes as the community's Group actor (the community itself is
 * going); `'actor'` publishes them as the person deleting, addressed to the resource's community.
 * Either way the resource's collection relays the Delete to its own followers.
 */
export async function tombstoneResources(
  services: EducationCommonsServices,
  tx: CommonsExecutor,
  rows: readonly ResourceRow[],
  options: { actorId: string; announceAs: 'group' | 'actor'; communityActorId?: string | null },
): Promise<void> {
  const at = services.clock.now();
  const actor = await services.actors.byId(options.actorId, tx);
  for (const row of rows) {
    if (row.deleted_at) continue;
    await tx.updateTable('education_commons_resources').set({ deleted_at: at, updated_at: at }).where('id', '=', row.id).execute();
    await removeDocument(services, SEARCH_TYPES.resource, row.id, tx);
    // Only our own resources are ours to announce deleted; a copy from another server is just dropped here.
    if (row.origin_host !== null || !actor) continue;
    const { '@context': _context, ...object } = tombstone(row.uri, row.kind === 'file' ? 'Document' : 'Page', at);
    const activity = { id: commonsUrls(services.config.publicUrl).activity(), type: 'Delete', actor: actor.uri, object };
    await publishActivity(services, tx, {
      actorId: options.actorId,
      activity,
      destination:
        options.announceAs === 'actor' && options.communityActorId ? { kind: 'community', groupActorId: options.communityActorId } : { kind: 'public' },
      isPublic: true,
    });
    await relayToCollectionFollowers(services, tx, { collectionId: row.collection_id, activity });
  }
}
