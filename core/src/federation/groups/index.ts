/**
 * Groups (FEP-1b12) as a core facility: any local actor a plugin treats as a group relays the
 * activities addressed to it by announcing them to its followers.
 */
import type { ActivityPubObject, Executor } from '@commonplace/sdk';
import type { FederationPublisher } from '../outbox/publisher.js';
import { announceToGroupFollowers, type GroupAnnounceResult } from './announce.js';

export { announceToGroupFollowers, type GroupAnnounceResult } from './announce.js';

export interface GroupAnnouncer {
  announceToGroupFollowers(groupActorId: string, activity: ActivityPubObject, options: { tx: Executor }): Promise<GroupAnnounceResult>;
}

/** The announcer bound to a publisher (the inbox calls it once an activity addressed to a local group passes its checks). */
export function createGroupAnnouncer(publisher: Pick<FederationPublisher, 'publishActivity'>): GroupAnnouncer {
  return {
    announceToGroupFollowers: (groupActorId, activity, options) => announceToGroupFollowers(publisher, { groupActorId, activity, tx: options.tx }),
  };
}
