export { fetchRemote, DEFAULT_USER_AGENT, userAgentFor, type FetchRemoteOptions, type FetchedDocument, type GetSigner, type OutgoingGet } from './fetch-remote.js';
export { RemoteFetchError, type RemoteFetchFailure } from './fetch-error.js';
export { fetchLimitsFrom, type FetchLimits } from './limits.js';
export { addressRefusal } from './address-policy.js';
export { systemResolver, type HostResolver, type ResolvedAddress } from './resolve-host.js';
export { acceptHeaderFor, contentTypeRefusal, type RemoteDocumentKind } from './media-types.js';
export { pinnedGet, type PinnedGet, type PinnedResponse } from './pinned-get.js';
export { FetchLimiter, fetchConcurrencyFrom, type FetchConcurrency } from './fetch-limiter.js';
