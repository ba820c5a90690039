import type { EducationCommonsServices } from '../services.js';
import { mayTakePart } from '../communities/participation.js';
import type { CommonsExecutor } from '../tables.js';

/**
 * May a remote actor take part (post a resource or a comment, edit it, like) in one of our
 * communities? The rule is communities/participation.ts's, which local writes ask too: anyone may,
 * unless the community approves its members; then only actors whose follow of its Group a moderator
 * accepted. A refused activity is dropped with a log line; the inbox still answers 202, as for anything
 * it drops, and core's group does not relay it either (a group that approves followers relays only theirs).
 */
export async function mayPostFromAfar(services: EducationCommonsServices, db: CommonsExecutor, communityId: string, actorUri: string): Promise<boolean> {
  if (await mayTakePart(services, db, communityId, { remote: actorUri })) return true;
  services.log.info({ communityId, actor: actorUri }, 'education-commons: dropped an activity in a community that approves its members, from an actor it has not approved');
  return false;
}
