import { BadUserInputError, isUuid, MAX_FOLLOWS_PAGE, type Executor, type FollowsPage, type FollowsPageArgs, type FollowsPort } from '@commonplace/sdk/internal';
import type { FederationExecutor } from '../remote-actors/tables.js';
import { blockedEitherWay, followState } from './follow-queries.js';

/**
 * The sdk's `federation.follows`: follows and blocks by actor URI (or a local actor's id), paged by
 * when each follow was accepted. Reads the same rows the `core_follows_accepted` view shows (from its tables).
 */
export function createFollowsPort(db: Executor): FollowsPort {
  return {
    async state(follower, followed, options) {
      const tx = options?.tx ?? db;
      return followState(tx, await uriOf(tx, follower), await uriOf(tx, followed));
    },
    following: (actor, page) => acceptedFollows(page.tx ?? db, 'following', actor, page),
    followers: (actor, page) => acceptedFollows(page.tx ?? db, 'followers', actor, page),
    async isBlocked(actor, other, options) {
      const tx = (options?.tx ?? db) as FederationExecutor;
      return blockedEitherWay(tx, idOf(tx, actor), idOf(tx, other));
    },
  };
}

/** A local actor's id stands for its URI; anything else is taken as a URI. */
async function uriOf(tx: Executor, actor: string): Promise<string> {
  if (!isUuid(actor)) return actor;
  const row = await (tx as FederationExecutor).selectFrom('core_actors').select('uri').where('id', '=', actor).executeTakeFirst();
  return row?.uri ?? actor;
}

/** The actor's id, as a subquery (none matches an unknown URI). */
function idOf(tx: FederationExecutor, actor: string) {
  const query = tx.selectFrom('core_actors').select('id');
  return isUuid(actor) ? query.where('id', '=', actor) : query.where('uri', '=', actor);
}

/**
 * A page of the view, on the side asked for, newest acceptance first; ties broken by URI. One query:
 * it reads the view's tables itself, naming the actor by id or by URI, so a feed asking by id does not
 * pay a round trip for the URI first (on PGlite every query waits its turn behind the others').
 */
async function acceptedFollows(tx: Executor, side: 'following' | 'followers', actor: string, page: FollowsPageArgs): Promise<FollowsPage> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_FOLLOWS_PAGE) {
    throw new BadUserInputError(`limit must be a whole number from 1 to ${MAX_FOLLOWS_PAGE}.`, 'limit');
  }
  const after = page.after ? decodeCursor(page.after) : null;
  const [ownId, otherId] = side === 'following' ? (['f.follower_id', 'f.followed_id'] as const) : (['f.followed_id', 'f.follower_id'] as const);
  let query = (tx as FederationExecutor)
    .selectFrom('core_follows as f')
    .innerJoin('core_actors as own', 'own.id', ownId)
    .innerJoin('core_actors as other', 'other.id', otherId)
    .select(['other.uri as uri', 'f.accepted_at as accepted_at'])
    .where('f.state', '=', 'accepted')
    .where('own.deleted_at', 'is', null)
    .where('other.deleted_at', 'is', null)
    .where(isUuid(actor) ? 'own.id' : 'own.uri', '=', actor);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('f.accepted_at', '<', after.acceptedAt), eb.and([eb('f.accepted_at', '=', after.acceptedAt), eb('other.uri', '>', after.uri)])]),
    );
  }
  const rows = await query.orderBy('f.accepted_at', 'desc').orderBy('other.uri', 'asc').limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit).map((row) => ({ uri: row.uri, acceptedAt: new Date(row.accepted_at!) }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

function encodeCursor(item: { uri: string; acceptedAt: Date }): string {
  return Buffer.from(JSON.stringify([item.acceptedAt.toISOString(), item.uri])).toString('base64url');
}

function decodeCursor(cursor: string): { acceptedAt: Date; uri: string } {
  try {
    const [at, uri] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const acceptedAt = new Date(String(at));
    if (typeof uri !== 'string' || Number.isNaN(acceptedAt.getTime())) throw new Error('bad cursor');
    return { acceptedAt, uri };
  } catch {
    throw new BadUserInputError('That cursor is not one this list gave.', 'after');
  }
}
