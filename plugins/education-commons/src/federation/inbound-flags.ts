import type { ActivityPubObject, FederationObjectHandler } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { commonsOf } from '../shared/commons.js';
import { htmlToText } from '../shared/html.js';
import { findLocalTargetByUri } from '../social/targets.js';

/** Stored as the reason of a forwarded report that gives none. */
const NO_REASON = '(no reason given by the reporting server)';

/**
 * Reports from other servers. Core files every incoming `Flag` in its own reports (for the instance's
 * moderators), then offers each flagged id to the plugins: the ones naming our resources, comments,
 * collections or communities go into our flag queue, so the community's moderators see them too.
 * This handler claims no object type: a Flag names objects by id only.
 */
export const flagObjectHandler: FederationObjectHandler<unknown, EducationCommonsServices> = {
  types: [],
  on: { Flag: (activity, object, services) => receiveFlag(services, activity, object) },
};

async function receiveFlag(services: EducationCommonsServices, activity: ActivityPubObject, object: ActivityPubObject): Promise<void> {
  const { db, settings, now } = commonsOf(services);
  const reporterUri = typeof activity.actor === 'string' ? activity.actor : null;
  if (typeof object.id !== 'string' || !reporterUri) return;
  const target = await findLocalTargetByUri(db, object.id);
  // Ids of other plugins' objects, or of a person (Mastodon names the account too): not ours to file.
  if (!target) return;
  const reason = typeof activity.content === 'string' ? htmlToText(activity.content).trim().slice(0, settings.limits.flagReasonLength) : '';
  await db
    .insertInto('education_commons_flags')
    .values({
      id: crypto.randomUUID(),
      target_kind: target.kind,
      target_id: target.id,
      community_id: target.communityId,
      reporter_actor_id: null,
      reporter_uri: reporterUri,
      reason: reason || NO_REASON,
      created_at: now(),
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}
