import type { Services } from '@commonplace/sdk';
import type { CommonsExecutor } from '../tables.js';

/**
 * May a remote actor post (a resource, a comment) into one of our communities? Anyone may, unless the
 * community approves its members: then only actors whose follow of its Group a moderator accepted.
 * A refused post is dropped with a log line; the inbox still answers 202, as for anything it drops,
 * and core's group does not relay it either (a group that approves followers relays only theirs).
 */
export async function mayPostFromAfar(services: Services, db: CommonsExecutor, communityId: string, actorUri: string): Promise<boolean> {
  const community = await db.selectFrom('education_commons_communities').select(['actor_uri', 'requires_approval']).where('id', '=', communityId).executeTakeFirst();
  if (!community?.requires_approval) return true;
  if ((await services.federation?.followState(actorUri, community.actor_uri, { tx: db })) === 'accepted') return true;
  services.log.info({ community: community.actor_uri, actor: actorUri }, 'education-commons: dropped a post into a community that approves its members, from an actor it has not approved');
  return false;
}
