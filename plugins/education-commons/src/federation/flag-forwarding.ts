import { INSTANCE_ACTOR_USERNAME, type Executor } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import type { Target } from '../social/targets.js';
import { PLUGIN_ID } from '../settings.js';
import { publishActivity } from './outbound.js';

/**
 * A report about a copy of a remote resource or comment also goes to the server it came from, the way
 * Mastodon forwards reports: a `Flag` by our instance actor, so the person who reported stays
 * anonymous to the other server, naming the object and its author, with the reason as `content`. It
 * is addressed to the object's community Group and its author there (one delivery per shared inbox).
 */
export async function forwardFlag(services: EducationCommonsServices, tx: Executor, input: { flagId: string; target: Target; reason: string }): Promise<void> {
  const { target } = input;
  if (target.originHost === null) return;
  const instanceActor = await services.actors.byUsername(INSTANCE_ACTOR_USERNAME, tx);
  if (!instanceActor) return;
  const recipients = [...new Set([target.communityUri, target.authorUri].filter((uri): uri is string => !!uri))];
  await publishActivity(services, tx, {
    actorId: instanceActor.id,
    activity: {
      id: `${services.config.publicUrl}/${PLUGIN_ID}/flags/${input.flagId}`,
      type: 'Flag',
      // Mastodon files a report against the account named among the objects, so the author comes along.
      object: [...new Set([target.uri, target.authorUri])],
      content: input.reason,
    },
    destination: { kind: 'remote', recipients },
    isPublic: false,
  });
}
