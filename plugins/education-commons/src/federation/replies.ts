import { keysetCollectionPage, type ObjectReplies, type Services } from '@commonplace/sdk';
import { commonsOf } from '../shared/commons.js';
import type { CommonsExecutor } from '../tables.js';

/**
 * The `replies` of our resources and comments, which core serves at `<object URL>/replies` (and
 * names in the object): the comments answering the object directly, oldest first as a thread reads,
 * by their ids (ours and copies of other servers' replies alike; a reader fetches each from its
 * origin). A reply's own replies are in its own collection, so nested threads are walked reply by
 * reply. Deleted comments are left out.
 *
 * Every fetcher sees the same replies: the comments we publish are public, and copies of remote ones
 * are kept only when they were addressed to the public (inbound.ts), so none is for a narrower audience.
 */

/** What a collection answers: the top-level comments on a resource, or the replies to a comment. */
export type RepliedObject = { kind: 'resource' | 'comment'; id: string };

export function commentReplies<Row>(objectOf: (row: Row) => RepliedObject): ObjectReplies<Row> {
  return {
    async count(row, _fetcher, services) {
      const counted = await directReplies(commonsOf(services).db, objectOf(row))
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirst();
      return Number(counted?.count ?? 0);
    },
    page(row, { cursor, limit }, services: Services) {
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

/** Live comments answering the object itself (the indexes on (target_id, created_at, id) and (in_reply_to_id, created_at, id) serve both). */
function directReplies(db: CommonsExecutor, object: RepliedObject) {
  const comments = db.selectFrom('education_commons_comments').where('deleted_at', 'is', null);
  return object.kind === 'comment'
    ? comments.where('in_reply_to_id', '=', object.id)
    : comments.where('target_kind', '=', object.kind).where('target_id', '=', object.id).where('in_reply_to_id', 'is', null);
}
