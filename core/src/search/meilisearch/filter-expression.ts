import { BadUserInputError, type SearchDocumentType, type SearchFilterKind, type SearchQuery } from '@commonplace/sdk/internal';

/**
 * A value in a Meilisearch filter, always quoted, with `\` and `"` escaped: the parser skips the
 * character after any backslash, so user text can never close the string and add operators of its
 * own (a value ending in `\` would otherwise escape the closing quote). Stored keywords have their
 * backslashes doubled to match (stored-document.ts).
 */
export function quoteFilterValue(value: string | number): string {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function anyOf(attribute: string, values: readonly (string | number)[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

/** No document carries this key (keys are `public` or `<kind>:<id>`): it stands for "no reader keys". */
const NO_READER = 'none:';

/** Documents whose audience keys meet the reader's: an empty key list matches nothing. */
export function audienceFilter(readerKeys: readonly string[]): string {
  return anyOf('audienceKeys', readerKeys.length === 0 ? [NO_READER] : readerKeys);
}

/** Leaves out documents from a blocked domain or one of its subdomains (documents carry their origin's parent domains). */
export function excludedHostsFilter(hosts: readonly string[]): string | null {
  const lowered = [...new Set(hosts.map((host) => host.toLowerCase()))];
  return lowered.length === 0 ? null : `originDomains NOT IN [${lowered.map(quoteFilterValue).join(', ')}]`;
}

type QueryFilters = NonNullable<SearchQuery['filters']>;

/**
 * The filter expression for one type's index, or null when the query filters on a field this type
 * does not declare (then no document of the type can match, and its index is not asked).
 */
export function typeFilterExpression(type: SearchDocumentType, filters: QueryFilters | undefined): string[] | null {
  const clauses: string[] = [];
  for (const [field, condition] of Object.entries(filters ?? {})) {
    const kind = type.filters?.[field];
    if (!kind) return null;
    clauses.push(fieldClause(`filters.${field}`, field, kind, condition));
  }
  return clauses;
}

function fieldClause(attribute: string, field: string, kind: SearchFilterKind, condition: QueryFilters[string]): string {
  if (typeof condition === 'string' || Array.isArray(condition)) {
    const values = (typeof condition === 'string' ? [condition] : (condition as readonly string[])).map((value) =>
      kind === 'keyword' ? value : comparable(kind, value, field),
    );
    if (values.length === 0) throw new BadUserInputError(`filters.${field} must list at least one value.`, 'filters');
    return anyOf(attribute, values);
  }
  if (kind === 'keyword') throw new BadUserInputError(`filters.${field} is a keyword filter: give values, not a range.`, 'filters');
  const range = condition as { from?: string | number; to?: string | number };
  const bounds: string[] = [];
  if (range.from !== undefined) bounds.push(`${attribute} >= ${comparable(kind, range.from, field)}`);
  if (range.to !== undefined) bounds.push(`${attribute} <= ${comparable(kind, range.to, field)}`);
  if (bounds.length === 0) throw new BadUserInputError(`filters.${field} needs from or to.`, 'filters');
  return bounds.length === 1 ? bounds[0]! : `(${bounds.join(' AND ')})`;
}

/** Numbers as they are, dates as epoch milliseconds (how they are stored); anything else is refused. */
function comparable(kind: 'number' | 'date', value: string | number, field: string): number {
  const number = kind === 'date' ? (typeof value === 'number' ? value : Date.parse(value)) : Number(value);
  if (!Number.isFinite(number)) {
    throw new BadUserInputError(`filters.${field} must be ${kind === 'date' ? 'a date (ISO 8601)' : 'a number'}, got "${value}".`, 'filters');
  }
  return number;
}

/** All clauses joined with AND, each in parentheses. */
export function allOf(clauses: readonly (string | null)[]): string {
  return clauses
    .filter((clause): clause is string => clause !== null && clause !== '')
    .map((clause) => `(${clause})`)
    .join(' AND ');
}
