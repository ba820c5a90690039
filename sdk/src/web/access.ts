import type { Role, Viewer } from '../ports/actors.js';
import type { PageAccess } from './contract.js';

/** Ranked as the roles are: an admin may do what a moderator may, a moderator what a member may. */
const RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };

/** Whether this viewer may see a page, an entry or a panel with this access (default: everyone). */
export function allows(access: PageAccess | undefined, viewer: Viewer | null): boolean {
  if (access === undefined || access === 'everyone') return true;
  if (!viewer) return false;
  if (access === 'signed-in') return true;
  const needed = RANK[access.role];
  return viewer.roles.some((role) => RANK[role] >= needed);
}
