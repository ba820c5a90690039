export { ACTOR_CONTEXT, ACTOR_EXTRA_TERMS, renderActorDocument, renderActorTombstone } from './actor-document.js';
export { ACTOR_COLLECTIONS, actorUrls, profileUrl, type ActorCollectionName, type ActorUrls } from './actor-urls.js';
export { actorRepliesOf, claimActorReplies, type ClaimedActorReplies } from './actor-replies.js';
export { actorRoutes, type ActorCollectionSources } from './actor-routes.js';
export { fetcherOf, passesAuthorizedFetch, type AuthorizedFetchPolicy, type IsSignedFetch, type SignedFetch } from './authorized-fetch.js';
export {
  collectionRequestOf,
  emptyCollection,
  renderOrderedCollection,
  type CollectionPage,
  type CollectionRequest,
  type CollectionSource,
} from './collections.js';
export { ACTIVITY_JSON_CONTENT_TYPE, negotiate, parseAccept, type Representation } from './content-negotiation.js';
export { embeddedReplies, repliesCollectionUrl, repliesSource } from './object-replies.js';
export { ensureInstanceActor, INSTANCE_ACTOR_USERNAME } from './instance-actor.js';
export { LocalActorDirectory, type ActorPublicKeys, type LocalActor } from './local-actor-directory.js';
export { ed25519KeyFromMultibase, ed25519PublicKeyMultibase } from './multikey.js';
export { encodeBase58btc, decodeBase58btc } from './base58btc.js';
export { parseActivityPubDocument, type ActivityPubDocument, type ObjectReference, type ParseResult } from './parse-activitypub.js';
export type { InteractionPolicy, InteractionRule } from './interaction-policy.js';
