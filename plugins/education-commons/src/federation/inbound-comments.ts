import { dropActivity, publicVisibilityOf, type ActivityPubObject, type InboxHandlerResult } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import { htmlToText } from '../shared/html.js';
import type { CommentRow, CommonsExecutor } from '../tables.js';
import { tombstoneCopies } from './inbound-removals.js';
import { mayPostFromAfar } from './posting-rights.js';
import { hostOf } from './uris.js';
import { dateOf, idOf } from './wire-values.js';

/**
 * A remote comment (a Note) arriving in a Create, an Update or a Group's Announce: filed in the thread
 * it answers (a resource, a comment, a community or collection), or, with no `inReplyTo`, on the
 * community or collection its addressing names (a Mastodon user mentioning the Group). Only public
 * ones are kept (see inbound.ts).
 */

export async function storeRemoteComment(services: EducationCommonsServices, object: ActivityPubObject, activity?: ActivityPubObject): Promise<InboxHandlerResult> {
  const { db, publicUrl, settings, now } = commonsOf(services);
  const uri = typeof object.id === 'string' ? object.id : null;
  const origin = uri ? hostOf(uri) : null;
  if (!uri || !origin || origin === hostOf(publicUrl)) return;
  const inReplyTo = idOf(object.inReplyTo);
  const author = idOf(Array.isArray(object.attributedTo) ? object.attributedTo[0] : object.attributedTo);
  const content = typeof object.content === 'string' ? htmlToText(object.content).slice(0, settings.limits.commentLength) : '';
  if (!author || content === '') return dropActivity('a Note without an author or content');
  const thread =
    (inReplyTo ? await threadOf(db, inReplyTo) : await addressedGroupThread(db, hostOf(publicUrl), object, activity)) ??
    (await heldCommentThread(services, db, uri, origin, author));
  if (thread === 'blocked') return dropActivity('an edit of a comment in a community across a block');
  // A Note answering something we do not hold is not a comment of ours (another plugin's handler may keep it: then it is relayed).
  if (!thread) return dropActivity('a Note answering nothing held here');
  // Comments are public here (listed to anyone, served in `replies`): a followers-only or direct reply is not one.
  if (publicVisibilityOf(object, activity) === null) {
    const hidden = await tombstoneCopies(services, uri, origin);
    services.log.info({ object: uri, actor: author, hidden }, 'education-commons: dropped a reply not addressed to the public');
    return hidden > 0 ? undefined : dropActivity('a reply not addressed to the public is not kept');
  }
  if (thread.communityId && !(await mayPostFromAfar(services, db, thread.communityId, author))) return dropActivity('not an approved member of the community');
  const published = dateOf(object.published) ?? now();
  const values = { content, updated_at: dateOf(object.updated) ?? published };
  const row = await db
    .insertInto('education_commons_comments')
    .values({
      id: crypto.randomUUID(),
      uri,
      origin_host: origin,
      target_kind: thread.targetKind,
      target_id: thread.targetId,
      community_id: thread.communityId,
      in_reply_to_id: thread.parentId,
      author_actor_id: null,
      author_uri: author,
      like_count: 0,
      created_at: published,
      deleted_at: null,
      ...values,
    })
    .onConflict((oc) => oc.column('uri').doUpdateSet(values).where('education_commons_comments.origin_host', '=', origin).where('education_commons_comments.deleted_at', 'is', null))
    .returning('id')
    .executeTakeFirst();
  if (!row) return dropActivity('a comment deleted here, or held from another origin');
  if (thread.communityId) await db.updateTable('education_commons_communities').set({ last_activity_at: now() }).where('id', '=', thread.communityId).execute();
}

/**
 * The thread of a comment we already hold from `origin`, for an edit that no longer names where it was
 * posted (a Mastodon user removing the community's mention): it stays there. Null when we hold none;
 * `blocked` when the community and the author now block one another (core checks blocks against the
 * Groups an activity names; this edit names none).
 */
async function heldCommentThread(services: EducationCommonsServices, db: CommonsExecutor, uri: string, origin: string, author: string): Promise<ThreadTarget | 'blocked' | null> {
  const held = await db
    .selectFrom('education_commons_comments as comment')
    .leftJoin('education_commons_communities as community', 'community.id', 'comment.community_id')
    .select(['comment.target_kind', 'comment.target_id', 'comment.community_id', 'comment.in_reply_to_id', 'community.actor_uri as community_uri'])
    .where('comment.uri', '=', uri)
    .where('comment.origin_host', '=', origin)
    .where('comment.author_uri', '=', author)
    .where('comment.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!held) return null;
  if (held.community_uri && (await services.federation.follows.isBlocked(author, held.community_uri, { tx: db }))) {
    services.log.info({ object: uri, actor: author, community: held.community_uri }, 'education-commons: dropped an edit of a comment in a community across a block');
    return 'blocked';
  }
  return { targetKind: held.target_kind, targetId: held.target_id, communityId: held.community_id, parentId: held.in_reply_to_id };
}

/** Addressees looked at for the community or collection a top-level Note is posted to. */
const MAX_ADDRESSEES = 50;

/**
 * The thread of a Note with no `inReplyTo`: the first of this instance's communities and collections
 * its addressing names (the object's to, cc and audience, then the carrying activity's). A Mastodon
 * user mentioning a community puts its Group in cc. Null when it names none.
 */
async function addressedGroupThread(db: CommonsExecutor, ourHost: string | null, object: ActivityPubObject, activity?: ActivityPubObject): Promise<ThreadTarget | null> {
  const fields = [object.to, object.cc, object.audience, activity?.to, activity?.cc, activity?.audience];
  const ids = fields.flatMap((field) => (Array.isArray(field) ? field : [field]).map(idOf));
  // Only ours, before the cap: the public collection, followers and remote mentions come first in most posts.
  const addressed = [...new Set(ids.filter((uri): uri is string => uri !== null && hostOf(uri) === ourHost))].slice(0, MAX_ADDRESSEES);
  if (addressed.length === 0) return null;
  const communities = await db.selectFrom('education_commons_communities').select(['id', 'actor_uri']).where('actor_uri', 'in', addressed).execute();
  const collections = await db.selectFrom('education_commons_collections').select(['id', 'community_id', 'actor_uri']).where('actor_uri', 'in', addressed).execute();
  for (const uri of addressed) {
    const community = communities.find((row) => row.actor_uri === uri);
    if (community) return { targetKind: 'community', targetId: community.id, communityId: community.id, parentId: null };
    const collection = collections.find((row) => row.actor_uri === uri);
    if (collection) return { targetKind: 'collection', targetId: collection.id, communityId: collection.community_id, parentId: null };
  }
  return null;
}

interface ThreadTarget {
  targetKind: CommentRow['target_kind'];
  targetId: string;
  communityId: string | null;
  parentId: string | null;
}

/** The thread a reply joins: the resource, collection or community it answers, or the comment (and that comment's target). */
async function threadOf(db: CommonsExecutor, inReplyTo: string): Promise<ThreadTarget | null> {
  const resource = await db.selectFrom('education_commons_resources').select(['id', 'community_id', 'deleted_at']).where('uri', '=', inReplyTo).executeTakeFirst();
  if (resource) return resource.deleted_at ? null : { targetKind: 'resource', targetId: resource.id, communityId: resource.community_id, parentId: null };
  const parent = await db.selectFrom('education_commons_comments').select(['id', 'target_kind', 'target_id', 'community_id']).where('uri', '=', inReplyTo).executeTakeFirst();
  if (parent) return { targetKind: parent.target_kind, targetId: parent.target_id, communityId: parent.community_id, parentId: parent.id };
  const collection = await db.selectFrom('education_commons_collections').select(['id', 'community_id']).where('actor_uri', '=', inReplyTo).executeTakeFirst();
  if (collection) return { targetKind: 'collection', targetId: collection.id, communityId: collection.community_id, parentId: null };
  const community = await db.selectFrom('education_commons_communities').select('id').where('actor_uri', '=', inReplyTo).executeTakeFirst();
  if (community) return { targetKind: 'community', targetId: community.id, communityId: community.id, parentId: null };
  return null;
}
