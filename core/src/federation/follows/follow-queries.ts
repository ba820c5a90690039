import type { Executor } from '@commonplace/sdk';
import type { SelectQueryBuilder } from 'kysely';
import type { FederationExecutor, FederationTables } from '../remote-actors/tables.js';

/**
 * The sdk's read-only view of follows and blocks (FederationPort.followState, followedUris and
 * blockedEitherWay), by actor URI, for plugins that decide who may post into a group or whose groups
 * fill a feed.
 */
export async function followState(tx: Executor, followerUri: string, followedUri: string): Promise<'pending' | 'accepted' | null> {
  const row = await followsWithBothActors(tx)
    .select('f.state')
    .where('follower.uri', '=', followerUri)
    .where('followed.uri', '=', followedUri)
    .executeTakeFirst();
  return row?.state ?? null;
}

/** URIs of the live actors `actorId` follows with an accepted follow, most recently accepted first. */
export async function followedUris(tx: Executor, actorId: string, limit: number): Promise<string[]> {
  const rows = await (tx as FederationExecutor)
    .selectFrom('core_follows as f')
    .innerJoin('core_actors as followed', 'followed.id', 'f.followed_id')
    .select('followed.uri')
    .where('f.follower_id', '=', actorId)
    .where('f.state', '=', 'accepted')
    .where('followed.deleted_at', 'is', null)
    .orderBy('f.accepted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.uri);
}

/**
 * Ids of the live local actors that the actor at `followerUri` follows with an accepted follow, at most
 * `limit`, most recently accepted first: whose followers-only objects, and which Groups' objects, its
 * signed fetches may see.
 */
export async function followedLocalActorIds(tx: Executor, followerUri: string, limit: number): Promise<Set<string>> {
  const rows = await followsWithBothActors(tx)
    .select('followed.id')
    .where('follower.uri', '=', followerUri)
    .where('f.state', '=', 'accepted')
    .where('followed.domain', 'is', null)
    .where('followed.deleted_at', 'is', null)
    .orderBy('f.accepted_at', 'desc')
    .limit(limit)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Whether either of the actors at these URIs blocks the other. */
export function blockedEitherWayByUri(tx: Executor, actorUri: string, otherUri: string): Promise<boolean> {
  const idOf = (uri: string) => (tx as FederationExecutor).selectFrom('core_actors').select('id').where('uri', '=', uri);
  return blockedEitherWay(tx as FederationExecutor, idOf(actorUri), idOf(otherUri));
}

/** An actor's id, or a query for it. */
type ActorIdOperand = string | SelectQueryBuilder<FederationTables, 'core_actors', { id: string }>;

/** Whether either actor blocks the other. */
export async function blockedEitherWay(executor: FederationExecutor, a: ActorIdOperand, b: ActorIdOperand): Promise<boolean> {
  const row = await executor
    .selectFrom('core_blocks')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]),
        eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Follows (`f`) with the actor on each side (`follower`, `followed`), to be asked by URI. */
function followsWithBothActors(tx: Executor) {
  return (tx as FederationExecutor)
    .selectFrom('core_follows as f')
    .innerJoin('core_actors as follower', 'follower.id', 'f.follower_id')
    .innerJoin('core_actors as followed', 'followed.id', 'f.followed_id');
}
