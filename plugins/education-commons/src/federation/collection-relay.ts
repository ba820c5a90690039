import type { ActivityPubObject } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import type { CommonsExecutor } from '../tables.js';
import { PUBLIC } from './documents.js';
import { publishActivity } from './outbound.js';

/**
 * A collection is followable on its own (as in MoodleNet), so its Group relays what happens to its
 * resources to its followers, the way a community's Group does (FEP-1b12):
 *
 * - a new resource: an `Announce` of the bare object, which Mastodon shows as a post (and a
 *   Commonplace follower fetches from its origin);
 * - an edit or a delete: an `Announce` of the whole activity, which a follower instance applies as if
 *   its author had sent it (core vouches for activities of actors on the announcing Group's host). An
 *   instance that also follows the community gets it twice and drops the second as a replay, since
 *   both carry the same activity id.
 *
 * `activity` must already carry its `id` and `actor`.
 */
export async function relayToCollectionFollowers(
  services: EducationCommonsServices,
  tx: CommonsExecutor,
  input: { collectionId: string | null; activity: ActivityPubObject & { id: string; actor: string } },
): Promise<void> {
  if (!input.collectionId) return;
  const collection = await tx.selectFrom('education_commons_collections').select('actor_id').where('id', '=', input.collectionId).executeTakeFirst();
  if (!collection) return;
  const { activity } = input;
  const object = activity.type === 'Create' ? objectIdOf(activity.object) : { ...activity, to: [PUBLIC] };
  if (!object) return;
  await publishActivity(services, tx, { actorId: collection.actor_id, activity: { type: 'Announce', object }, destination: { kind: 'public' }, isPublic: true });
}

function objectIdOf(object: unknown): string | null {
  if (typeof object === 'string') return object;
  return object && typeof object === 'object' && typeof (object as { id?: unknown }).id === 'string' ? (object as { id: string }).id : null;
}
