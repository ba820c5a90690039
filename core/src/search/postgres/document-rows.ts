import type { SearchDocument, SearchDocumentType, SearchFilterValue } from '@commonplace/sdk/internal';
import { audienceKeys } from '../audience-keys.js';
import { textSearchConfigFor } from '../languages.js';

/** One document as the PostgreSQL backend stores it, before the tsvector is computed in SQL. */
export interface DocumentRow {
  type: string;
  id: string;
  config: string;
  /** Text of the fields of each weight, joined. */
  a: string;
  b: string;
  c: string;
  d: string;
  title: string;
  readers: string[];
  /** Keywords as arrays of strings; numbers as numbers; dates as epoch milliseconds. */
  filters: Record<string, string[] | number>;
  origin_host: string | null;
  updated_at: string;
}

export function toDocumentRow(document: SearchDocument, declaration: SearchDocumentType | undefined, configs: ReadonlySet<string>): DocumentRow {
  const byWeight: Record<'A' | 'B' | 'C' | 'D', string[]> = { A: [], B: [], C: [], D: [] };
  for (const [field, text] of Object.entries(document.fields)) {
    const weight = declaration?.fields[field]?.weight;
    // Only declared fields are searchable; text under another name would be stored and never explained.
    if (weight && text) byWeight[weight].push(text);
  }
  const filters: DocumentRow['filters'] = {};
  for (const [name, value] of Object.entries(document.filters ?? {})) {
    const stored = storedFilter(value, declaration?.filters?.[name]);
    if (stored !== undefined) filters[name] = stored;
  }
  return {
    type: document.type,
    id: document.id,
    config: textSearchConfigFor(document.language, configs),
    a: byWeight.A.join('\n'),
    b: byWeight.B.join('\n'),
    c: byWeight.C.join('\n'),
    d: byWeight.D.join('\n'),
    title: byWeight.A.join(' ').trim(),
    readers: audienceKeys(document),
    filters,
    origin_host: document.originHost?.toLowerCase() || null,
    updated_at: (document.updatedAt ?? new Date(0)).toISOString(),
  };
}

function storedFilter(value: SearchFilterValue, kind: string | undefined): string[] | number | undefined {
  if (value === null || value === undefined || kind === undefined) return undefined;
  if (kind === 'keyword') {
    const values = Array.isArray(value) ? (value as readonly unknown[]) : [value];
    return values.map(String);
  }
  const number = value instanceof Date ? value.getTime() : kind === 'date' && typeof value === 'string' ? Date.parse(value) : Number(value);
  return Number.isFinite(number) ? number : undefined;
}
