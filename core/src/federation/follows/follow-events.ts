import { emitLifecycleEvent, hasLifecycleSubscribers, type LifecycleJobs } from '../../kernel/lifecycle-events.js';
import type { FederationExecutor, FederationTables } from '../remote-actors/tables.js';

/** What follows need of the jobs port: queueing a lifecycle event in the caller's transaction. */
export type { LifecycleJobs };

type FollowRow = FederationTables['core_follows'];

/** `follow.accepted` for a follow that just became accepted (local or remote, either side), in `tx`. */
export async function emitFollowAccepted(jobs: LifecycleJobs, tx: FederationExecutor, follower: { uri: string }, followed: { uri: string }): Promise<void> {
  await emitLifecycleEvent(jobs, 'follow.accepted', { followerUri: follower.uri, followedUri: followed.uri }, { tx });
}

/**
 * `follow.removed` for each follow just deleted that had been accepted, in `tx`. A pending request
 * withdrawn or refused was never a follow, so plugins (which heard no `follow.accepted`) hear nothing.
 */
export async function emitFollowsRemoved(jobs: LifecycleJobs, tx: FederationExecutor, removed: readonly Pick<FollowRow, 'state' | 'follower_id' | 'followed_id'>[]): Promise<void> {
  const ended = removed.filter((row) => row.state === 'accepted');
  // Nothing to look up when no plugin listens (a remote Delete ending many follows, say).
  if (ended.length === 0 || !hasLifecycleSubscribers(jobs, 'follow.removed')) return;
  const ids = [...new Set(ended.flatMap((row) => [row.follower_id, row.followed_id]))];
  const actors = await tx.selectFrom('core_actors').select(['id', 'uri']).where('id', 'in', ids).execute();
  const uriOf = new Map(actors.map((actor) => [actor.id, actor.uri]));
  for (const row of ended) {
    const followerUri = uriOf.get(row.follower_id);
    const followedUri = uriOf.get(row.followed_id);
    if (followerUri && followedUri) await emitLifecycleEvent(jobs, 'follow.removed', { followerUri, followedUri }, { tx });
  }
}
