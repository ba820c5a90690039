import { dropActivity, type ActivityPubObject, type InboxHandlerResult } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import { adjustLikeCount } from '../social/likes.js';
import type { CommonsExecutor, TargetKind } from '../tables.js';
import { mayPostFromAfar } from './posting-rights.js';
import { idOf } from './wire-values.js';

/** Likes from other servers of what we hold, and their Undo. */

/** A Like of a resource or comment we hold (ours or a copy): counted once per actor. */
export async function receiveLike(services: EducationCommonsServices, activity: ActivityPubObject, object: ActivityPubObject): Promise<InboxHandlerResult> {
  const { db, now } = commonsOf(services);
  const actor = idOf(activity.actor);
  const activityUri = typeof activity.id === 'string' ? activity.id : null;
  const objectUri = idOf(object);
  if (!actor || !activityUri || !objectUri) return dropActivity('a Like without an actor, an id or an object');
  const target = await likeTargetByUri(db, objectUri);
  if (!target) return dropActivity('a Like of nothing held here');
  // A like is taking part, as a comment is: an approval-only community counts only its approved followers'.
  if (target.communityId && !(await mayPostFromAfar(services, db, target.communityId, actor))) return dropActivity('not an approved member of the community');
  const inserted = await db
    .insertInto('education_commons_likes')
    .values({ id: crypto.randomUUID(), target_kind: target.kind, target_id: target.id, actor_id: null, actor_uri: actor, activity_uri: activityUri, created_at: now() })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return dropActivity('a second Like of the same object by the same actor');
  await adjustLikeCount(db, target, +1);
}

/** An Undo of a Like: only the actor who liked can take it back. */
export async function receiveUndo(services: EducationCommonsServices, activity: ActivityPubObject, undone: ActivityPubObject): Promise<InboxHandlerResult> {
  const { db } = commonsOf(services);
  const actor = idOf(activity.actor);
  const likeUri = typeof undone.id === 'string' ? undone.id : null;
  if (!actor || !likeUri || (undone.type !== undefined && undone.type !== 'Like')) return dropActivity('an Undo of something other than a Like');
  const removed = await db
    .deleteFrom('education_commons_likes')
    .where('activity_uri', '=', likeUri)
    .where('actor_uri', '=', actor)
    .returning(['target_kind', 'target_id'])
    .executeTakeFirst();
  // A Like never counted (a non-member's) or someone else's: nothing to take back, nothing to relay.
  if (!removed) return dropActivity('an Undo of a Like not counted here');
  await adjustLikeCount(db, { kind: removed.target_kind, id: removed.target_id }, -1);
}

async function likeTargetByUri(db: CommonsExecutor, uri: string): Promise<{ kind: TargetKind; id: string; communityId: string | null } | null> {
  const resource = await db.selectFrom('education_commons_resources').select(['id', 'community_id']).where('uri', '=', uri).where('deleted_at', 'is', null).executeTakeFirst();
  if (resource) return { kind: 'resource', id: resource.id, communityId: resource.community_id };
  const comment = await db.selectFrom('education_commons_comments').select(['id', 'community_id']).where('uri', '=', uri).where('deleted_at', 'is', null).executeTakeFirst();
  return comment ? { kind: 'comment', id: comment.id, communityId: comment.community_id } : null;
}
