import type { Audience } from './federation.js';
import type { Executor } from './db.js';

/** How a filterable field is stored and compared. `keyword` fields can also be facets. */
export type SearchFilterKind = 'keyword' | 'number' | 'date';

/** One value of a filterable field: keywords may be lists (several subjects, say). */
export type SearchFilterValue = string | number | boolean | Date | readonly string[] | null | undefined;

/** What a plugin's `toDocument` returns: one row of its own, made searchable. */
export interface SearchDocument {
  /** The object's id, as GraphQL knows it. Unique within its type. */
  id: string;
  /** The declared document type (`education-commons.resource`...). */
  type: string;
  /** Who may find it: public documents are searchable by anyone; others only by the viewers the audience names. */
  audience: Audience;
  /** The actor who wrote or owns it: always allowed to find it. */
  ownerActorId?: string | null;
  /** Searchable text by field name; the type's declaration gives each field its weight. */
  fields: Record<string, string | null | undefined>;
  /** Filterable values by field name, as the type's declaration says. */
  filters?: Record<string, SearchFilterValue>;
  /** BCP 47 language of the text, used to pick the stemmer (`en`, `fr`, `pt-BR`...). */
  language?: string | null;
  /** When the object was published or last changed; the default sort among equal scores. */
  updatedAt?: Date;
  /** The host the object comes from when it is a copy of a remote one; null or absent for local objects. */
  originHost?: string | null;
}

export interface SearchQuery {
  /** Free text, at most 500 characters; may be empty when filters are given. */
  text: string;
  types?: readonly string[];
  /** Keyword filters match any of the listed values; `from`/`to` bound numbers and dates (ISO 8601 or epoch ms). */
  filters?: Record<string, string | readonly string[] | { from?: string | number; to?: string | number }>;
  first?: number;
  after?: string | null;
  /**
   * Not needed: `services.search` answers for the viewer of the request it was resolved in (and
   * anonymously from the root services, in jobs). Kept for callers that set it; core ignores it.
   */
  viewerActorId?: string | null;
}

export interface SearchHit {
  id: string;
  type: string;
  score: number;
  /** Null for local documents; the origin host for documents from peers or the shared index. */
  originHost?: string | null;
  /** Where the next page starts if this hit ends one (`after`); absent when the backend cannot say. */
  cursor?: string | null;
}

export interface SearchResults {
  hits: SearchHit[];
  /** An estimate: backends may count approximately past a threshold. */
  totalEstimate: number;
  /** Counts per value, for each facet of the queried types. */
  facets: Record<string, Record<string, number>>;
  endCursor: string | null;
}

/** Keeps the index in step with writes, through jobs, and answers queries from a backend. */
export interface SearchPort {
  /**
   * Enqueue indexing of a document in the caller's transaction (pass `tx`): the index follows the
   * commit, and a backend that is down only delays it.
   */
  index(document: SearchDocument, options?: { tx?: Executor }): Promise<void>;
  /** Enqueue removal, in the caller's transaction. */
  remove(type: string, id: string, options?: { tx?: Executor }): Promise<void>;
  /**
   * Ask the backend, for the viewer of this request (anonymous outside one); hits are already
   * re-checked with their type's `load`. Local results only: GraphQL `search` adds other instances'.
   */
  query(query: SearchQuery): Promise<SearchResults>;
}
