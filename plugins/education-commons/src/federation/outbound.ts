import type { ActivityPubObject, Audience, Executor } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { PUBLIC } from './documents.js';

/** Where an activity about one of our objects goes. */
export type Destination =
  /** A community of this instance: addressed to its Group, which announces it to its followers (FEP-1b12). */
  | { kind: 'community'; groupActorId: string }
  /** An object living elsewhere: to its community's Group and its author, on their servers. */
  | { kind: 'remote'; recipients: readonly string[] }
  /** Not in any community (a personal collection): public, to the actor's followers. */
  | { kind: 'public' };

/**
 * Publishes an activity through core's outbox, in the caller's transaction: it goes out only if the
 * write commits.
 */
export async function publishActivity(
  services: EducationCommonsServices,
  tx: Executor,
  input: { actorId: string; activity: ActivityPubObject; destination: Destination; isPublic: boolean },
): Promise<void> {
  const { destination } = input;
  const audience: Audience =
    destination.kind === 'community'
      ? { kind: 'group', groupId: destination.groupActorId }
      : destination.kind === 'remote'
        ? { kind: 'direct', to: destination.recipients.filter((uri) => uri !== '') }
        : { kind: 'public' };
  // A group or direct audience is not public by itself; public objects say so, so Mastodon may show and boost them.
  const activity = input.isPublic && destination.kind !== 'public' ? { ...input.activity, to: [PUBLIC] } : input.activity;
  await services.federation.publish(activity, audience, { tx, actorId: input.actorId });
}
