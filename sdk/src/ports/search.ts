import type { Audience } from './federation.js';
import type { Executor } from './db.js';

export interface SearchDocument {
  id: string;
  type: string;
  audience: Audience;
  fields: Record<string, string | null | undefined>;
  filters?: Record<string, string | number | boolean | string[] | null | undefined>;
  language?: string | null;
  updatedAt?: Date;
}

export interface SearchQuery {
  text: string;
  types?: string[];
  filters?: Record<string, string | string[]>;
  first?: number;
  after?: string;
  viewerActorId?: string | null;
}

export interface SearchHit {
  id: string;
  type: string;
  score: number;
}

export interface SearchResults {
  hits: SearchHit[];
  totalEstimate: number;
  facets: Record<string, Record<string, number>>;
  endCursor: string | null;
}

/** Keeps the index in step with writes, through jobs, and answers queries from a backend. */
export interface SearchPort {
  index(document: SearchDocument, options?: { tx?: Executor }): Promise<void>;
  remove(type: string, id: string, options?: { tx?: Executor }): Promise<void>;
  query(query: SearchQuery): Promise<SearchResults>;
}
