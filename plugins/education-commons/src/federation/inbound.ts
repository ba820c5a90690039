import { dropActivity, publicVisibilityOf, type ActivityPubObject, type FederationObjectHandler, type InboxHandlerResult } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { adjustLikeCount } from '../social/likes.js';
import { indexDocument, removeDocument, resourceSearchDocument, SEARCH_TYPES } from '../search/documents.js';
import { commonsOf, jsonb } from '../shared/commons.js';
import { htmlToText } from '../shared/html.js';
import type { CommentRow, CommonsExecutor, ResourceRow, TargetKind } from '../tables.js';
import { canonicalLanguage, findLevel, findLicence, findResourceType, findSubject } from '../vocabularies/index.js';
import { EDUCATIONAL_TERMS } from './json-ld-context.js';
import { mayPostFromAfar } from './posting-rights.js';
import { commonsObjectPath, hostOf, isCommonsContextUrl } from './uris.js';

/**
 * What other servers send about resources and comments. Core has already verified the signature,
 * dropped replays and checked origins (the object lives on the sender's host and is attributed to an
 * actor there) before calling these; each runs inside the inbox's transaction (`services.db`).
 *
 * Copies of remote objects are kept by their ActivityPub id, so a Create, an Announce of the same
 * object and a later Update all land on one row. They are listed to everyone (discover, feeds, search,
 * `replies`), so only objects addressed to the public are kept: a followers-only or direct one is not
 * stored, and an Update that narrows a copy's audience tombstones the copy, as a Delete would.
 *
 * What is turned away or not kept (a non-member's post, comment, like or edit in a community that
 * approves its members, an edit across a block, an object not addressed to the public, one answering
 * nothing held here) is answered `dropActivity(reason)`, so that core's Groups do not relay to their
 * followers what the community itself refused (FEP-1b12).
 */

/** Longest text kept from a remote field we do not limit otherwise. */
const REMOTE_TEXT_LIMIT = 10_000;

/** Our resources: a Page or Document that speaks our context or carries educational terms. */
export const resourceObjectHandler: FederationObjectHandler<unknown, EducationCommonsServices> = {
  types: ['Page', 'Document'],
  matches: (object) => speaksCommons(object) || EDUCATIONAL_TERMS.some((term) => term in object),
  on: {
    Create: (activity, object, services) => storeRemoteResource(services, object, activity),
    Update: (activity, object, services) => storeRemoteResource(services, object, activity),
    // A group's bare Announce: core fetched the object from its origin, so it is as good as a Create
    // (but the Announce's addressing is the group's: only the object's own says who may see it).
    Announce: (_activity, object, services) => storeRemoteResource(services, object),
    Delete: (activity, object, services) => deleteRemote(services, activity, object),
    Like: (activity, object, services) => receiveLike(services, activity, object),
    Undo: (activity, undone, services) => receiveUndo(services, activity, undone),
  },
};

/**
 * Comments: Notes answering one of the objects we hold (a resource, a comment, a community or
 * collection). A Note this predicate does not claim (a Mastodon user's) still reaches `on` when it
 * answers, or is addressed to, a community's or collection's Group: core routes it to the plugin whose
 * Group it is (`actorReplies`), and a top-level one there is a comment on that community or collection.
 */
export const commentObjectHandler: FederationObjectHandler<unknown, EducationCommonsServices> = {
  types: ['Note'],
  // Only replies to our objects (by their path, on any Commonplace host): other Notes belong to other plugins.
  matches: (object) => speaksCommons(object) || commonsObjectPath(idOf(object.inReplyTo) ?? '') !== null,
  on: {
    Create: (activity, object, services) => storeRemoteComment(services, object, activity),
    Update: (activity, object, services) => storeRemoteComment(services, object, activity),
    Announce: (_activity, object, services) => storeRemoteComment(services, object),
    Delete: (activity, object, services) => deleteRemote(services, activity, object),
    Like: (activity, object, services) => receiveLike(services, activity, object),
    Undo: (activity, undone, services) => receiveUndo(services, activity, undone),
  },
};

function speaksCommons(object: ActivityPubObject): boolean {
  const context = object['@context'];
  return (Array.isArray(context) ? context : [context]).some(isCommonsContextUrl);
}

/** `activity`: the Create or Update that carried the object, whose `to`/`cc` stand in for missing ones of the object. */
async function storeRemoteResource(services: EducationCommonsServices, object: ActivityPubObject, activity?: ActivityPubObject): Promise<InboxHandlerResult> {
  const { db, publicUrl, now } = commonsOf(services);
  const uri = typeof object.id === 'string' ? object.id : null;
  const origin = uri ? hostOf(uri) : null;
  // Our own objects come back in Announces of our communities: we already hold them.
  if (!uri || !origin || origin === hostOf(publicUrl)) return;
  if (publicVisibilityOf(object, activity) === null) {
    const hidden = await tombstoneCopies(services, uri, origin);
    services.log.debug({ object: uri, hidden }, 'education-commons: a remote resource not addressed to the public is not kept (copies are listed to everyone)');
    // An Update that took a copy down is kept (relayed, so the Group's followers take theirs down too).
    return hidden > 0 ? undefined : dropActivity('a resource not addressed to the public is not kept');
  }
  const name = text(object.name, 500);
  const url = httpUrlOf(object.url);
  const author = idOf(Array.isArray(object.attributedTo) ? object.attributedTo[0] : object.attributedTo);
  if (!name || !url || !author) return dropActivity('a resource without a name, an http(s) url or an author');

  const licenceText = typeof object.license === 'string' ? object.license : idOf(object.license) ?? '';
  const communityUri = idOf(Array.isArray(object.audience) ? object.audience[0] : object.audience);
  const collectionUri = idOf(object.isPartOf);
  const derivedFromUri = idOf(object.isBasedOn);
  const community = communityUri
    ? await db.selectFrom('education_commons_communities').select(['id', 'actor_uri']).where('actor_uri', '=', communityUri).executeTakeFirst()
    : undefined;
  // Filed in one of our collections only when it also names that collection's community.
  const collection =
    collectionUri && community
      ? await db.selectFrom('education_commons_collections').select('id').where('actor_uri', '=', collectionUri).where('community_id', '=', community.id).executeTakeFirst()
      : undefined;
  if (community && !(await mayPostFromAfar(services, db, community.id, author))) return dropActivity('not an approved member of the community');
  const derivedFrom = derivedFromUri ? await db.selectFrom('education_commons_resources').select('id').where('uri', '=', derivedFromUri).executeTakeFirst() : undefined;
  const published = dateOf(object.published) ?? now();
  const values = {
    kind: (typeOf(object) === 'Document' ? 'file' : 'link') as ResourceRow['kind'],
    name,
    summary: text(object.summary, REMOTE_TEXT_LIMIT),
    url,
    media_type: typeof (object.url as { mediaType?: unknown } | undefined)?.mediaType === 'string' ? String((object.url as { mediaType: string }).mediaType).slice(0, 200) : null,
    licence: findLicence(licenceText)?.id ?? (licenceText.slice(0, 500) || 'NOASSERTION'),
    language: typeof object.inLanguage === 'string' ? canonicalLanguage(object.inLanguage) ?? null : null,
    level: findLevel(termCodeOf(object.educationalLevel) ?? '')?.code ?? null,
    subject: firstOf(object.about, (term) => findSubject(termCodeOf(term) ?? '')?.code),
    resource_type: findResourceType(termCodeOf(object.learningResourceType) ?? idOf(object.learningResourceType) ?? '')?.code ?? null,
    learning_outcomes: jsonb(
      (Array.isArray(object.teaches) ? object.teaches : object.teaches ? [object.teaches] : [])
        .map((outcome) => text(outcome, 500))
        .filter((outcome): outcome is string => outcome !== null)
        .slice(0, 50),
    ),
    credited_author: text(object.creditText, 200),
    original_url: httpUrlOf(object.sameAs),
    derived_from_uri: derivedFromUri,
    derived_from_id: derivedFrom?.id ?? null,
    community_uri: communityUri,
    community_id: community?.id ?? null,
    collection_id: collection?.id ?? null,
    author_uri: author,
    updated_at: dateOf(object.updated) ?? published,
  };
  const row = await (db as CommonsExecutor)
    .insertInto('education_commons_resources')
    .values({
      id: crypto.randomUUID(),
      uri,
      origin_host: origin,
      author_actor_id: null,
      upload_id: null,
      like_count: 0,
      created_at: published,
      deleted_at: null,
      ...values,
    })
    .onConflict((oc) => oc.column('uri').doUpdateSet(values).where('education_commons_resources.origin_host', '=', origin).where('education_commons_resources.deleted_at', 'is', null))
    .returningAll()
    .executeTakeFirst();
  // The uri is a copy we tombstoned, or one from another origin: neither is overwritten.
  if (!row) return dropActivity('a resource deleted here, or held from another origin');
  if (community) await db.updateTable('education_commons_communities').set({ last_activity_at: now() }).where('id', '=', community.id).execute();
  const stored = typeof row.learning_outcomes === 'string' ? { ...row, learning_outcomes: JSON.parse(row.learning_outcomes) as string[] } : row;
  await indexDocument(services, resourceSearchDocument(stored), db);
}

async function storeRemoteComment(services: EducationCommonsServices, object: ActivityPubObject, activity?: ActivityPubObject): Promise<InboxHandlerResult> {
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
  if (held.community_uri && (await services.federation.blockedEitherWay(author, held.community_uri, { tx: db }))) {
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

/** A Delete of a remote resource or comment we hold a copy of: it becomes a Tombstone here too. */
async function deleteRemote(services: EducationCommonsServices, activity: ActivityPubObject, object: ActivityPubObject): Promise<InboxHandlerResult> {
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
async function tombstoneCopies(services: EducationCommonsServices, uri: string, origin: string): Promise<number> {
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

/** A Like of a resource or comment we hold (ours or a copy): counted once per actor. */
async function receiveLike(services: EducationCommonsServices, activity: ActivityPubObject, object: ActivityPubObject): Promise<InboxHandlerResult> {
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
async function receiveUndo(services: EducationCommonsServices, activity: ActivityPubObject, undone: ActivityPubObject): Promise<InboxHandlerResult> {
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

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

function typeOf(object: ActivityPubObject): string | undefined {
  return Array.isArray(object.type) ? object.type[0] : object.type;
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const plain = htmlToText(value).trim();
  return plain === '' ? null : plain.slice(0, max);
}

/** An http(s) URL from a string, a Link, or a list of them (the first usable one). */
function httpUrlOf(value: unknown): string | null {
  for (const entry of Array.isArray(value) ? value : [value]) {
    const href = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? ((entry as { href?: unknown }).href ?? (entry as { id?: unknown }).id) : null;
    if (typeof href !== 'string') continue;
    try {
      const url = new URL(href);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.slice(0, 2048);
    } catch {
      // not a URL: try the next
    }
  }
  return null;
}

/** A DefinedTerm's code, or a bare string code. */
function termCodeOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { termCode?: unknown }).termCode === 'string') return (value as { termCode: string }).termCode;
  return null;
}

function firstOf<T>(value: unknown, pick: (entry: unknown) => T | undefined): T | null {
  for (const entry of Array.isArray(value) ? value : [value]) {
    const picked = pick(entry);
    if (picked !== undefined) return picked;
  }
  return null;
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
