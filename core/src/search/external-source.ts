import type { SearchQuery } from '@commonplace/sdk/internal';

/**
 * Results from outside this instance's own index: peers' public search, the shared discovery index,
 * a remote actor or object resolved from a handle or URL. They are public by construction.
 */
export interface ExternalHit {
  /** Globally unique: the object's URL (ActivityPub id). Hits from several sources are deduped by it. */
  id: string;
  /** The document type as the origin declares it (`education-commons.resource`, `Person`...). */
  type: string;
  title: string;
  summary?: string | null;
  url: string;
  /** The host the object lives on; hits from blocked domains are dropped. */
  originHost: string;
  /** Relevance as the source scores it; merged with local scores, highest first. */
  score: number;
}

export interface ExternalQuery {
  text: string;
  types?: readonly string[];
  filters?: SearchQuery['filters'];
  first: number;
}

/** One more place to search (a peer, the shared index). Core runs every source in parallel under a deadline. */
export interface ExternalSearchSource {
  readonly name: string;
  /** Public documents only. Should stop when the signal aborts; core stops waiting at the deadline anyway. */
  search(query: ExternalQuery, signal: AbortSignal): Promise<ExternalHit[]>;
}

/**
 * Resolves a handle (`@user@host`) or an https URL to the remote actor or object, through the
 * federation core. It is given every query text and answers null at once for one that is neither:
 * recognising them is its job alone (federated/remote-lookup.ts, lookupTargetOf).
 */
export interface RemoteLookup {
  lookup(text: string, signal: AbortSignal): Promise<ExternalHit | null>;
}

declare module '../container/core-cradle.js' {
  interface CoreServices {
    /** Other sources searched with `scope: FEDERATED` (registered by the federated search module; empty by default). */
    searchSources: readonly ExternalSearchSource[];
    /** Resolves handle and URL queries; undefined when nothing provides it. */
    remoteLookup: RemoteLookup | undefined;
  }
}
