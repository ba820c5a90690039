import { BadUserInputError, NotFoundError } from '@commonplace/sdk';
import type { Destination } from '../federation/outbound.js';
import { checkId } from '../shared/input.js';
import type { CommonsExecutor, TargetKind } from '../tables.js';

/** Anything people like, comment on, bookmark or flag: a community, collection, resource or comment. */
export interface Target {
  kind: TargetKind;
  id: string;
  /** ActivityPub id of the object (for a community or collection, its Group actor). */
  uri: string;
  /** The local community it lives in, if any. */
  communityId: string | null;
  communityActorId: string | null;
  /** The Group a remote object was posted to. */
  communityUri: string | null;
  /** Who wrote it (for a community or collection, its Group actor). */
  authorUri: string;
  /** Null for our objects; the peer's host for copies. */
  originHost: string | null;
  deleted: boolean;
}

/**
 * Finds what a client's `targetId` names, in one query over the four tables. An unknown id is
 * NOT_FOUND; a malformed one BAD_USER_INPUT naming the argument.
 */
export async function findTarget(db: CommonsExecutor, id: string, field = 'targetId'): Promise<Target> {
  const targetId = checkId(id, field);
  const resource = await db
    .selectFrom('education_commons_resources as r')
    .leftJoin('education_commons_communities as c', 'c.id', 'r.community_id')
    .select(['r.id', 'r.uri', 'r.community_id', 'c.actor_id as community_actor_id', 'r.community_uri', 'r.author_uri', 'r.origin_host', 'r.deleted_at'])
    .where('r.id', '=', targetId)
    .executeTakeFirst();
  if (resource) {
    return {
      kind: 'resource',
      id: resource.id,
      uri: resource.uri,
      communityId: resource.community_id,
      communityActorId: resource.community_actor_id ?? null,
      communityUri: resource.community_uri,
      authorUri: resource.author_uri,
      originHost: resource.origin_host,
      deleted: resource.deleted_at !== null,
    };
  }
  const comment = await db
    .selectFrom('education_commons_comments as m')
    .leftJoin('education_commons_communities as c', 'c.id', 'm.community_id')
    .select(['m.id', 'm.uri', 'm.community_id', 'c.actor_id as community_actor_id', 'c.actor_uri as community_uri', 'm.author_uri', 'm.origin_host', 'm.deleted_at'])
    .where('m.id', '=', targetId)
    .executeTakeFirst();
  if (comment) {
    return {
      kind: 'comment',
      id: comment.id,
      uri: comment.uri,
      communityId: comment.community_id,
      communityActorId: comment.community_actor_id ?? null,
      communityUri: comment.community_uri ?? null,
      authorUri: comment.author_uri,
      originHost: comment.origin_host,
      deleted: comment.deleted_at !== null,
    };
  }
  const collection = await db
    .selectFrom('education_commons_collections as l')
    .leftJoin('education_commons_communities as c', 'c.id', 'l.community_id')
    .select(['l.id', 'l.actor_uri', 'l.community_id', 'c.actor_id as community_actor_id', 'c.actor_uri as community_uri'])
    .where('l.id', '=', targetId)
    .executeTakeFirst();
  if (collection) {
    return {
      kind: 'collection',
      id: collection.id,
      uri: collection.actor_uri,
      communityId: collection.community_id,
      communityActorId: collection.community_actor_id ?? null,
      communityUri: collection.community_uri ?? null,
      authorUri: collection.actor_uri,
      originHost: null,
      deleted: false,
    };
  }
  const community = await db.selectFrom('education_commons_communities').select(['id', 'actor_id', 'actor_uri']).where('id', '=', targetId).executeTakeFirst();
  if (community) {
    return {
      kind: 'community',
      id: community.id,
      uri: community.actor_uri,
      communityId: community.id,
      communityActorId: community.actor_id,
      communityUri: community.actor_uri,
      authorUri: community.actor_uri,
      originHost: null,
      deleted: false,
    };
  }
  throw new NotFoundError(`${field} names nothing here.`);
}

/** A target that still exists: deleted ones are BAD_USER_INPUT naming the argument. */
export function requireLive(target: Target, field = 'targetId'): Target {
  if (target.deleted) throw new BadUserInputError(`${field}: that ${target.kind} was deleted.`, field);
  return target;
}

/** Where activities about the target go: its local community's Group, or the servers it came from. */
export function destinationOf(target: Target): Destination {
  if (target.communityActorId) return { kind: 'community', groupActorId: target.communityActorId };
  if (target.originHost !== null) return { kind: 'remote', recipients: [target.communityUri ?? '', target.authorUri].filter(Boolean) };
  return { kind: 'public' };
}

/** One of our own objects (not a copy) by its ActivityPub id, as another server names it in a Flag. */
export async function findLocalTargetByUri(db: CommonsExecutor, uri: string): Promise<{ kind: TargetKind; id: string; communityId: string | null } | null> {
  const resource = await db.selectFrom('education_commons_resources').select(['id', 'community_id']).where('uri', '=', uri).where('origin_host', 'is', null).executeTakeFirst();
  if (resource) return { kind: 'resource', id: resource.id, communityId: resource.community_id };
  const comment = await db.selectFrom('education_commons_comments').select(['id', 'community_id']).where('uri', '=', uri).where('origin_host', 'is', null).executeTakeFirst();
  if (comment) return { kind: 'comment', id: comment.id, communityId: comment.community_id };
  const collection = await db.selectFrom('education_commons_collections').select(['id', 'community_id']).where('actor_uri', '=', uri).executeTakeFirst();
  if (collection) return { kind: 'collection', id: collection.id, communityId: collection.community_id };
  const community = await db.selectFrom('education_commons_communities').select('id').where('actor_uri', '=', uri).executeTakeFirst();
  return community ? { kind: 'community', id: community.id, communityId: community.id } : null;
}
