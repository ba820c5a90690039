import type { Role, Viewer } from '../ports/actors.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/**
 * The GraphQL context core builds for every request. It carries no services: a plugin's resolver gets
 * its plugin's view of the request in its constructor (`constructor(private readonly services: MyServices)`).
 */
export interface GraphQLContext {
  viewer: Viewer | null;
  requestId: string;
  /** Client address, after trusted proxies. */
  ip: string;
}

/** The logged-in viewer, or UNAUTHENTICATED. */
export function requireViewer(context: Pick<GraphQLContext, 'viewer'>): Viewer {
  if (!context.viewer) throw new UnauthenticatedError();
  return context.viewer;
}

/** The viewer if they hold the role (admins hold every role), or FORBIDDEN. */
export function requireRole(context: Pick<GraphQLContext, 'viewer'>, role: Role): Viewer {
  const viewer = requireViewer(context);
  if (!hasRole(viewer, role)) throw new ForbiddenError(`This needs the ${role} role.`);
  return viewer;
}

/** Roles are ranked: an admin may do what a moderator may, a moderator what a member may. */
export function hasRole(viewer: Pick<Viewer, 'roles'>, role: Role): boolean {
  const rank: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };
  return viewer.roles.some((held) => rank[held] >= rank[role]);
}
