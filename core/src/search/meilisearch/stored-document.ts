import type { SearchDocument, SearchDocumentType, SearchFilterValue } from '@commonplace/sdk/internal';
import { domainCandidates } from '../../federation/moderation/index.js';

/** What one SearchDocument becomes in a Meilisearch index. */
export interface StoredDocument {
  /** Primary key: the id in base64url, as Meilisearch keys allow only letters, digits, `-` and `_`. */
  key: string;
  id: string;
  type: string;
  /** Searchable text by field name (`text.title`...). */
  text: Record<string, string>;
  /** Filterable values by field name; dates as epoch milliseconds so ranges compare as numbers. */
  filters: Record<string, string | number | boolean | string[]>;
  /** Who may find it (see audience-keys.ts): a search matches when these meet the reader's keys. */
  audienceKeys: string[];
  language: string | null;
  /** Null for local documents. */
  originHost: string | null;
  /** The origin host and its parent domains, so a block on `example.org` also hides `social.example.org`. */
  originDomains: string[];
  updatedAt: number;
}

export function documentKey(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function toStoredDocument(document: SearchDocument, declaration: SearchDocumentType | undefined, audienceKeys: readonly string[]): StoredDocument {
  const text: Record<string, string> = {};
  for (const [field, value] of Object.entries(document.fields)) {
    // Only declared fields are searchable; anything else would be stored and never found.
    if (value && (!declaration || field in declaration.fields)) text[field] = value;
  }
  const filters: StoredDocument['filters'] = {};
  for (const [field, value] of Object.entries(document.filters ?? {})) {
    const stored = storedFilterValue(value);
    if (stored !== undefined) filters[field] = stored;
  }
  const originHost = document.originHost?.toLowerCase() || null;
  return {
    key: documentKey(document.id),
    id: document.id,
    type: document.type,
    text,
    filters,
    audienceKeys: [...new Set(audienceKeys)],
    language: document.language ?? null,
    originHost,
    originDomains: originHost ? domainCandidates(originHost) : [],
    updatedAt: (document.updatedAt ?? new Date(0)).getTime(),
  };
}

function storedFilterValue(value: SearchFilterValue): StoredDocument['filters'][string] | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return (value as readonly string[]).map(storedKeyword);
  return typeof value === 'string' ? storedKeyword(value) : (value as number | boolean);
}

/**
 * Meilisearch's filter parser turns `\"` back into `"` in a quoted value but keeps `\\` as two
 * backslashes. Queries escape both (see filter-expression.ts), so a value reaches the comparison with
 * its backslashes doubled: keyword values are stored that way too, and read back for facets.
 */
export function storedKeyword(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

export function keywordFromStored(value: string): string {
  return value.replace(/\\\\/g, '\\');
}
