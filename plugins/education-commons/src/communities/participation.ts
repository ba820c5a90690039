import { ForbiddenError, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import type { CommonsExecutor, CommunityRow } from '../tables.js';
import { holdsCommunityRole, roleIn } from './roles.js';

/** Someone taking part in a community: a person of this instance (by actor id) or another server's actor (by URI). */
export type Participant = { local: string } | { remote: string };

/**
 * The one rule for taking part in a community (posting a resource or a comment, replying, liking,
 * editing what one posted): anyone may, unless the community approves its members; then only those a
 * moderator accepted. Here that is an accepted membership (joinCommunity, then approval); from
 * another server, an accepted follow of the community's Group. Waiting, on either side, is not
 * accepted. Taking back what one did (deleting one's post, unliking, an Undo) needs no standing, and
 * reports are open to anyone: neither is checked here.
 *
 * Every local and remote write of the plugin asks this, through requireTakingPart (GraphQL, FORBIDDEN)
 * or federation/posting-rights.ts (the inbox, dropped), so the two sides cannot drift apart.
 */
export async function mayTakePart(services: EducationCommonsServices, db: CommonsExecutor, communityId: string, participant: Participant): Promise<boolean> {
  const community = await db.selectFrom('education_commons_communities').select(['actor_uri', 'requires_approval']).where('id', '=', communityId).executeTakeFirst();
  if (!community?.requires_approval) return true;
  if ('local' in participant) return (await roleIn(db, communityId, participant.local)) !== null;
  return (await services.federation.follows.state(participant.remote, community.actor_uri, { tx: db })) === 'accepted';
}

/** FORBIDDEN unless the viewer may take part in the community the write lands in (none: nothing to check). */
export async function requireTakingPart(services: EducationCommonsServices, db: CommonsExecutor, viewer: Viewer, communityId: string | null, action: string): Promise<void> {
  if (communityId === null || (await mayTakePart(services, db, communityId, { local: viewer.actorId }))) return;
  throw new ForbiddenError(`${action} in this community is for its members: it approves them, and you are not (or not yet) an approved member.`);
}

/**
 * An author editing what they posted in a community: while they still take part in it (a member
 * removed from an approval-only community no longer edits there, as their server's Update would be
 * dropped), or when they moderate it anyway.
 */
export async function requireAuthorStanding(services: EducationCommonsServices, db: CommonsExecutor, viewer: Viewer, communityId: string | null, action: string): Promise<void> {
  if (communityId !== null && (await holdsCommunityRole(db, viewer, communityId, 'moderator'))) return;
  await requireTakingPart(services, db, viewer, communityId, action);
}

/**
 * Core's Groups relay what is addressed to them (FEP-1b12), and a Group that approves its followers
 * relays only what they send. A collection's Group approves followers when its community approves
 * members, so that it does not pass on to its followers what non-members address to it (which the
 * plugin drops). Its follow requests go to the collection's maker, as any Group's go to its owner.
 */
export async function approvalOfCollections(services: EducationCommonsServices, tx: CommonsExecutor, community: Pick<CommunityRow, 'id' | 'requires_approval'>): Promise<void> {
  const collections = await tx.selectFrom('education_commons_collections').select('actor_id').where('community_id', '=', community.id).execute();
  for (const collection of collections) await services.actors.updateLocal(collection.actor_id, { manuallyApprovesFollowers: community.requires_approval }, tx);
}
