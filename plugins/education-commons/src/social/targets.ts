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

/** The columns each kind's lookup selects, under the same names, so one mapping serves all four. */
interface TargetRow {
  id: string;
  uri: string;
  community_id: string | null;
  community_actor_id: string | null;
  community_uri: string | null;
  author_uri: string;
  origin_host: string | null;
  deleted_at: Date | null;
}

type TargetLookup = (db: CommonsExecutor, id: string) => Promise<TargetRow | undefined>;

/** Resources and comments may be copies of remote ones; collections and communities are always ours. */
const LOOKUPS: ReadonlyArray<[TargetKind, TargetLookup]> = [
  [
    'resource',
    (db, id) =>
      db
        .selectFrom('education_commons_resources as r')
        .leftJoin('education_commons_communities as c', 'c.id', 'r.community_id')
        .select(['r.id', 'r.uri', 'r.community_id', 'c.actor_id as community_actor_id', 'r.community_uri', 'r.author_uri', 'r.origin_host', 'r.deleted_at'])
        .where('r.id', '=', id)
        .executeTakeFirst() as Promise<TargetRow | undefined>,
  ],
  [
    'comment',
    (db, id) =>
      db
        .selectFrom('education_commons_comments as m')
        .leftJoin('education_commons_communities as c', 'c.id', 'm.community_id')
        .select(['m.id', 'm.uri', 'm.community_id', 'c.actor_id as community_actor_id', 'c.actor_uri as community_uri', 'm.author_uri', 'm.origin_host', 'm.deleted_at'])
        .where('m.id', '=', id)
        .executeTakeFirst() as Promise<TargetRow | undefined>,
  ],
  [
    'collection',
    async (db, id) => {
      const row = await db
        .selectFrom('education_commons_collections as l')
        .leftJoin('education_commons_communities as c', 'c.id', 'l.community_id')
        .select(['l.id', 'l.actor_uri', 'l.community_id', 'c.actor_id as community_actor_id', 'c.actor_uri as community_uri'])
        .where('l.id', '=', id)
        .executeTakeFirst();
      return row && { ...row, uri: row.actor_uri, author_uri: row.actor_uri, origin_host: null, deleted_at: null };
    },
  ],
  [
    'community',
    async (db, id) => {
      const row = await db.selectFrom('education_commons_communities').select(['id', 'actor_id', 'actor_uri']).where('id', '=', id).executeTakeFirst();
      return (
        row && {
          id: row.id,
          uri: row.actor_uri,
          community_id: row.id,
          community_actor_id: row.actor_id,
          community_uri: row.actor_uri,
          author_uri: row.actor_uri,
          origin_host: null,
          deleted_at: null,
        }
      );
    },
  ],
];

/**
 * Finds what a client's `targetId` names, looking in the four tables in turn. An unknown id is
 * NOT_FOUND; a malformed one BAD_USER_INPUT naming the argument.
 */
export async function findTarget(db: CommonsExecutor, id: string, field = 'targetId'): Promise<Target> {
  const targetId = checkId(id, field);
  for (const [kind, lookup] of LOOKUPS) {
    const row = await lookup(db, targetId);
    if (row) {
      return {
        kind,
        id: row.id,
        uri: row.uri,
        communityId: row.community_id,
        communityActorId: row.community_actor_id ?? null,
        communityUri: row.community_uri ?? null,
        authorUri: row.author_uri,
        originHost: row.origin_host,
        deleted: row.deleted_at !== null,
      };
    }
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
