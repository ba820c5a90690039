import { keysetCollectionPage, type ActorReplies, type ObjectReplies } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import type { CommonsExecutor } from '../tables.js';

/**
 * The `replies` of our resources and comments, which core serves at `<object URL>/replies` (and
 * names in the object), and of our communities' and collections' Group actors, served at
 * `<actor id>/replies` (and named in the actor): the comments answering the object directly, oldest
 * first as a thread reads, by their ids (ours and copies of other servers' replies alike; a reader
 * fetches each from its origin). A reply's own replies are in its own collection, so nested threads
 * are walked reply by reply. Deleted comments are left out.
 *
 * Every fetcher sees the same replies: the comments we publish are public, and copies of remote ones
 * are kept only when they were addressed to the public (inbound.ts), so none is for a narrower audience.
 */

/** What a collection answers: the top-level comments on a resource, community or collection, or the replies to a comment. */
export type RepliedObject = { kind: 'resource' | 'comment' | 'community' | 'collection'; id: string };

export function commentReplies<Row>(objectOf: (row: Row) => RepliedObject): ObjectReplies<Row, EducationCommonsServices> {
  return {
    async count(row, _fetcher, services) {
      const counted = await directReplies(commonsOf(services).db, objectOf(row))
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirst();
      return Number(counted?.count ?? 0);
    },
    page(row, { cursor, limit }, services) {
      return keysetCollectionPage(directReplies(commonsOf(services).db, objectOf(row)).select(['id', 'uri', 'created_at']), { cursor, limit }, {
        sortColumn: 'created_at',
        sortType: 'timestamp',
        idColumn: 'id',
        idType: 'uuid',
        direction: 'asc',
        keyOf: (comment) => ({ sort: comment.created_at, id: comment.id }),
        item: (comment) => comment.uri,
      });
    },
  };
}

/** The top-level comments on a community or collection, the replies of its Group actor (by actor_id, unique in both tables). */
export const groupReplies: ActorReplies<RepliedObject, EducationCommonsServices> = {
  actorTypes: ['Group'],
  load: (actor, services) => commonsGroupOf(commonsOf(services).db, actor.id),
  ...commentReplies<RepliedObject>((object) => object),
};

/** The community or collection whose Group actor this is; null for a Group that is not ours (another plugin's). */
export async function commonsGroupOf(db: CommonsExecutor, actorId: string): Promise<RepliedObject | null> {
  const community = await db.selectFrom('education_commons_communities').select('id').where('actor_id', '=', actorId).executeTakeFirst();
  if (community) return { kind: 'community', id: community.id };
  const collection = await db.selectFrom('education_commons_collections').select('id').where('actor_id', '=', actorId).executeTakeFirst();
  return collection ? { kind: 'collection', id: collection.id } : null;
}

/** Live comments answering the object itself (the indexes on (target_id, created_at, id) and (in_reply_to_id, created_at, id) serve both). */
function directReplies(db: CommonsExecutor, object: RepliedObject) {
  const comments = db.selectFrom('education_commons_comments').where('deleted_at', 'is', null);
  return object.kind === 'comment'
    ? comments.where('in_reply_to_id', '=', object.id)
    : comments.where('target_kind', '=', object.kind).where('target_id', '=', object.id).where('in_reply_to_id', 'is', null);
}
