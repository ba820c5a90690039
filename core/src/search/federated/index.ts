export { registerFederatedSearch, type FederatedSearchDeps } from './register.js';
export { PeerSearchSource } from './peer-search-source.js';
export { FederationRemoteLookup, lookupTargetOf, type LookupTarget } from './remote-lookup.js';
export { parseSearchApiParams, type SearchApiParams } from './search-api-params.js';
export { searchApiRoutes, type SearchApiItem, type SearchApiResponse } from './search-api-route.js';
export { discoveryHosts, type DiscoveryHosts } from './discovery-hosts.js';
export { SharedIndexClient, sharedEntry, sharedEntryKey, sharedSearchFilter, type SharedEntry } from './shared-index/shared-index-client.js';
export { SharedIndexSource } from './shared-index/shared-index-source.js';
export { SharedIndexPublisher, SHARED_INDEX_SYNC_JOB, type SharedIndexSyncPayload } from './shared-index/sync-job.js';
