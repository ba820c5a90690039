import type { ActivityPubObject, Audience, Executor } from '@commonplace/sdk';

/*
 * What the Group announcer and the actor Update need of the outbox, apart from the publisher that calls
 * them: with these in publisher.ts, publisher -> announce -> publisher and publisher -> actor-update ->
 * publisher were import circles.
 */

export interface PublishOptions {
  tx: Executor;
  actorId: string;
}

/** What publish() stored: the activity as delivered, and its outbox row. */
export interface PublishedActivity {
  outboxId: string;
  activity: ActivityPubObject & { id: string };
}

/** publish(), returning what was stored (its id, its addressing). */
export interface ActivityPublisher {
  publishActivity(activity: ActivityPubObject, audience: Audience, options: PublishOptions): Promise<PublishedActivity>;
}
