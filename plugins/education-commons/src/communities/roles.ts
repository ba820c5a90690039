import { ForbiddenError, hasRole, type Viewer } from '@commonplace/sdk';
import type { CommonsExecutor, CommunityRole } from '../tables.js';

/** Roles in a community, ranked: an owner may do what a moderator may, a moderator what a member may. */
const RANK: Record<CommunityRole, number> = { member: 0, moderator: 1, owner: 2 };

export function roleAtLeast(held: CommunityRole | null, needed: CommunityRole): boolean {
  return held !== null && RANK[held] >= RANK[needed];
}

/** The viewer's accepted role in a community, or null (not a member, or still waiting for approval). */
export async function roleIn(db: CommonsExecutor, communityId: string, actorId: string): Promise<CommunityRole | null> {
  const row = await db
    .selectFrom('education_commons_members')
    .select(['role', 'state'])
    .where('community_id', '=', communityId)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return row && row.state === 'accepted' ? row.role : null;
}

/**
 * FORBIDDEN unless the viewer holds `needed` in the community. The instance's moderators and admins
 * moderate every community, so they pass any check short of ownership.
 */
export async function requireCommunityRole(db: CommonsExecutor, viewer: Viewer, communityId: string, needed: CommunityRole, action: string): Promise<void> {
  const held = await roleIn(db, communityId, viewer.actorId);
  if (passes(viewer, held, needed)) return;
  throw new ForbiddenError(`${action} needs the ${needed} role in this community${held ? `; you are a ${held}` : ''}.`);
}

/** Whether requireCommunityRole would let the viewer through, for what is shown rather than refused. */
export async function holdsCommunityRole(db: CommonsExecutor, viewer: Viewer, communityId: string, needed: CommunityRole): Promise<boolean> {
  return passes(viewer, await roleIn(db, communityId, viewer.actorId), needed);
}

function passes(viewer: Viewer, held: CommunityRole | null, needed: CommunityRole): boolean {
  if (roleAtLeast(held, needed)) return true;
  if (needed !== 'owner' && hasRole(viewer, 'moderator')) return true;
  return needed === 'owner' && hasRole(viewer, 'admin');
}
