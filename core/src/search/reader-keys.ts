import type { Executor } from '@commonplace/sdk';
import { PUBLIC_READER_KEY } from './audience-keys.js';

/**
 * The keys of what a viewer may read: `public`; their own actor (and their own followers-only
 * documents); `followers:<id>` for each actor they follow (accepted follows only); `group:<id>` for
 * each group they are a member of (an accepted follow of a Group) or whose account administers it.
 */
export async function readerKeysFor(db: Executor, viewer: { actorId: string; accountId?: string | null } | null): Promise<string[]> {
  if (!viewer) return [PUBLIC_READER_KEY];
  const keys = new Set([PUBLIC_READER_KEY, `actor:${viewer.actorId}`, `followers:${viewer.actorId}`]);
  const followed = await db
    .selectFrom('core_follows as f')
    .innerJoin('core_actors as a', 'a.id', 'f.followed_id')
    .select(['a.id', 'a.type'])
    .where('f.follower_id', '=', viewer.actorId)
    .where('f.state', '=', 'accepted')
    .execute();
  for (const actor of followed as Array<{ id: string; type: string }>) {
    keys.add(`followers:${actor.id}`);
    if (actor.type === 'Group') keys.add(`group:${actor.id}`);
  }
  if (viewer.accountId) {
    const administered = await db
      .selectFrom('core_actors')
      .select('id')
      .where('owner_account_id', '=', viewer.accountId)
      .where('type', '=', 'Group')
      .where('deleted_at', 'is', null)
      .execute();
    for (const group of administered as Array<{ id: string }>) keys.add(`group:${group.id}`);
  }
  return [...keys];
}
