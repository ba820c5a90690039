/**
 * The outbox: FederationPort.publish over `core_outbox` (the activity and its fan-out job in the
 * caller's transaction), the delivery jobs to register as `core.<name>`, and the outbox, followers and
 * following collection sources.
 */
export {
  ACTIVITY_CONTEXT,
  createFederationPublisher,
  isPubliclyAddressed,
  type FederationPublisher,
  type FederationPublisherDeps,
  type PublishedActivity,
  type PublishOptions,
} from './publisher.js';
export { actorCollectionSources, followersCollection, followingCollection, outboxCollection } from './collections.js';
export { deliveryJobs, type DeliveryJobsDeps, type DeliverySettings, DEFAULT_DELIVERY_SETTINGS } from '../delivery/index.js';
export { announceToGroupFollowers, createGroupAnnouncer, type GroupAnnouncer, type GroupAnnounceResult } from '../groups/index.js';
