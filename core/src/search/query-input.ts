import { BadUserInputError, type InstanceSettings, type SearchDocumentType, type SearchFilterKind, type SearchQuery } from '@commonplace/sdk/internal';
import type { DocumentTypes } from './document-types.js';

export type QueryFilters = NonNullable<SearchQuery['filters']>;
export type RangeFilter = { from?: string | number; to?: string | number };

/** Longest keyword value accepted in a filter; longer cannot match anything indexed sensibly. */
const MAX_FILTER_VALUE_LENGTH = 200;
const MAX_FILTER_VALUES = 50;

export interface CheckedQuery {
  text: string;
  documentTypes: SearchDocumentType[];
  filters: QueryFilters;
  first: number;
  after: string | null;
}

/**
 * Checks a query before any backend sees it. Each refusal is BAD_USER_INPUT naming the argument:
 * `query` (empty without filters, too long), `types` (unknown), `filters` (unknown field, wrong kind
 * of value), `first` (out of range). The cursor (`after`) is checked by the backend that made it.
 */
export function checkQuery(query: SearchQuery, documentTypes: DocumentTypes, settings: InstanceSettings['search']): CheckedQuery {
  const text = (query.text ?? '').trim();
  if (text.length > settings.maxQueryLength) {
    throw new BadUserInputError(`query must be at most ${settings.maxQueryLength} characters.`, 'query');
  }
  const declarations = documentTypes.forQuery(query.types);
  const filters = checkFilters(query.filters ?? {}, declarations);
  if (text === '' && Object.keys(filters).length === 0) {
    throw new BadUserInputError('query must not be empty unless filters are given.', 'query');
  }
  const first = query.first ?? settings.defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > settings.maxPageSize) {
    throw new BadUserInputError(`first must be between 1 and ${settings.maxPageSize}.`, 'first');
  }
  return { text, documentTypes: declarations, filters, first, after: query.after ?? null };
}

/** The kind of a filter across the queried types; a name two types declare with different kinds is refused. */
export function filterKindOf(name: string, declarations: readonly SearchDocumentType[]): SearchFilterKind | undefined {
  const kinds = new Set(declarations.map((declaration) => declaration.filters?.[name]).filter((kind) => kind !== undefined));
  if (kinds.size > 1) throw new BadUserInputError(`filter "${name}" means different things in the queried types; name one type.`, 'filters');
  return [...kinds][0];
}

function checkFilters(filters: QueryFilters, declarations: readonly SearchDocumentType[]): QueryFilters {
  const checked: Record<string, string[] | RangeFilter> = {};
  for (const [name, value] of Object.entries(filters)) {
    const kind = filterKindOf(name, declarations);
    if (!kind) throw new BadUserInputError(`"${name}" is not a filter of the queried types.`, 'filters');
    if (kind === 'keyword') {
      const values = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly unknown[]) : null;
      if (!values || values.length === 0 || values.length > MAX_FILTER_VALUES || !values.every(isKeyword)) {
        throw new BadUserInputError(`filter "${name}" takes 1 to ${MAX_FILTER_VALUES} keywords of at most ${MAX_FILTER_VALUE_LENGTH} characters.`, 'filters');
      }
      checked[name] = [...new Set(values as string[])];
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BadUserInputError(`filter "${name}" takes a range (from, to).`, 'filters');
    }
    const range = value as RangeFilter;
    if (range.from === undefined && range.to === undefined) throw new BadUserInputError(`filter "${name}" needs from or to.`, 'filters');
    checked[name] = {
      ...(range.from !== undefined ? { from: rangeBound(name, kind, range.from) } : {}),
      ...(range.to !== undefined ? { to: rangeBound(name, kind, range.to) } : {}),
    };
  }
  return checked;
}

function isKeyword(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FILTER_VALUE_LENGTH;
}

/** Numbers stay numbers; dates become milliseconds since the epoch, as documents store them. */
function rangeBound(name: string, kind: SearchFilterKind, bound: string | number): number {
  const value = kind === 'date' ? (typeof bound === 'number' ? bound : Date.parse(bound)) : typeof bound === 'number' ? bound : Number(bound);
  if (typeof bound === 'string' && bound.trim() === '') throw new BadUserInputError(`filter "${name}" has an empty bound.`, 'filters');
  if (!Number.isFinite(value)) {
    throw new BadUserInputError(`filter "${name}" takes ${kind === 'date' ? 'ISO 8601 dates' : 'numbers'} as bounds.`, 'filters');
  }
  return value;
}
