import type { SearchDocument, SearchDocumentType, SearchQuery, SearchResults } from '@commonplace/sdk/internal';

/**
 * Who is asking, in the form a backend can filter on. Core computes it from the viewer:
 * `public` for everyone, plus `actor:<id>` for the viewer, `followers:<id>` for each actor the viewer
 * follows and `group:<id>` for each group the viewer belongs to. A document carries the keys of its
 * audience (see audience-keys.ts) and matches when the two sets meet. Results are still re-checked
 * against the database (the type's `load`) before they are returned.
 */
export interface SearchVisibility {
  readerKeys: readonly string[];
}

export interface BackendQuery extends SearchQuery {
  /**
   * Checked by core (query-input.ts) before a backend sees them: every name is a filter of the queried
   * types; keyword filters are non-empty string arrays; ranges have numeric bounds, dates in epoch ms.
   */
  filters?: SearchQuery['filters'];
  /** Trimmed; empty when only filters are given (then newest first). */
  text: string;
  visibility: SearchVisibility;
  /** Clamped by core to the `search.maxPageSize` setting. */
  first: number;
  /** Declarations of the queried types (all types when the query names none). */
  documentTypes: readonly SearchDocumentType[];
  /** Domains to leave out (blocked by the instance). */
  excludedHosts?: readonly string[];
}

/** A rebuild in progress: documents go into a fresh index that replaces the live one on commit. */
export interface IndexRebuild {
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Atomically swap the fresh index in; searches never see a half-built index. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** What a backend can do beyond the shared contract; the contract suite adapts its cases to it. */
export interface SearchBackendCapabilities {
  /** Words match their other forms in the document's language ("run" finds "running", "study" finds "studies"). */
  stemming: boolean;
}

/**
 * A search backend: PostgreSQL full text (embedded default) or Meilisearch. Both pass the shared
 * suite in test/core/search/backend-contract.ts. Errors mean the backend is unavailable; core maps
 * them to SERVICE_UNAVAILABLE on queries and to retries on index jobs.
 */
export interface SearchBackend {
  readonly name: string;
  readonly capabilities: SearchBackendCapabilities;
  /** Create or update indexes and their settings from the declared types. Idempotent; runs at boot. */
  prepare(documentTypes: readonly SearchDocumentType[]): Promise<void>;
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  remove(refs: readonly { type: string; id: string }[]): Promise<void>;
  search(query: BackendQuery): Promise<SearchResults>;
  /** Rebuild one type, or all when `type` is absent. */
  beginRebuild(type?: string): Promise<IndexRebuild>;
  /** Cheap reachability check for /readyz and for SERVICE_UNAVAILABLE. */
  isAvailable(): Promise<boolean>;
  close?(): Promise<void>;
}
