import { paginate, type ConnectionArgs, type PageLimits, type Viewer } from '@commonplace/sdk/internal';
import type { FederationDb } from '../remote-actors/tables.js';

/** The actors on the other side of an actor's follows in `state`, newest follow first (GraphQL connections). */
export function followList(
db: FederationDb,
  by: 'follower_id' | 'followed_id',
  other: 'follower_id' | 'followed_id',
  actorId: string,
  state: 'accepted' | 'pending',
  args: ConnectionArgs,
  limits: PageLimits,
) {
  return paginate(
    db
      .selectFrom('core_follows as f')
      .innerJoin('core_actors as a', 'a.id', `f.${other}`)
      .selectAll('a')
      .select(['f.id as follow_id', 'f.created_at as follow_created_at'])
      .where(`f.${by}`, '=', actorId)
      .where('f.state', '=', state)
      .where('a.deleted_at', 'is', null),
    {
      ...args,
      limits,
      sortColumn: 'f.created_at',
      sortType: 'timestamp',
      idColumn: 'f.id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: row.follow_created_at, id: row.follow_id }),
    },
  );
}

/** Pending follows of any actor the viewer's account holds or owns, newest first. */
export function pendingRequestsTo(db: FederationDb, viewer: Viewer, args: ConnectionArgs, limits: PageLimits) {
  const owned = db
    .selectFrom('core_actors')
    .select('id')
    .where((eb) => eb.or([eb('account_id', '=', viewer.accountId), eb('owner_account_id', '=', viewer.accountId)]));
  return paginate(
    db
      .selectFrom('core_follows as f')
      .innerJoin('core_actors as a', 'a.id', 'f.follower_id')
      .selectAll('f')
      .where('f.followed_id', 'in', owned)
      .where('f.state', '=', 'pending')
      .where('a.deleted_at', 'is', null),
    {
      ...args,
      limits,
      sortColumn: 'f.created_at',
      sortType: 'timestamp',
      idColumn: 'f.id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: row.created_at, id: row.id }),
    },
  );
}
