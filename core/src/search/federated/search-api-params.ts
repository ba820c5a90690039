import { BadUserInputError, type InstanceSettings } from '@commonplace/sdk/internal';

export interface SearchApiParams {
  q: string;
  types: string[];
  first: number;
}

const KNOWN_PARAMETERS = new Set(['q', 'types', 'first']);

/**
 * The query string of GET /api/search, checked: `q` (1 to search.maxQueryLength characters), `types`
 * (comma-separated, each a type this instance shares), `first` (1 to search.publicApi.maxPageSize).
 * Each refusal is a BadUserInputError naming the parameter (HTTP 400).
 */
export function parseSearchApiParams(query: unknown, settings: InstanceSettings['search'], sharedTypes: ReadonlySet<string>): SearchApiParams {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(params)) {
    if (!KNOWN_PARAMETERS.has(name)) throw new BadUserInputError(`unknown parameter "${name}"; use q, types and first.`, name);
  }
  const q = single(params.q, 'q')?.trim() ?? '';
  if (q === '') throw new BadUserInputError('q is required and must not be empty.', 'q');
  if (q.length > settings.maxQueryLength) throw new BadUserInputError(`q must be at most ${settings.maxQueryLength} characters.`, 'q');

  const typesText = single(params.types, 'types');
  const types = typesText === undefined ? [] : [...new Set(typesText.split(',').map((type) => type.trim()).filter(Boolean))];
  if (typesText !== undefined && types.length === 0) throw new BadUserInputError('types must name at least one type.', 'types');
  for (const type of types) {
    if (!sharedTypes.has(type)) throw new BadUserInputError(`"${type}" is not a type this instance shares.`, 'types');
  }

  const maxPage = settings.publicApi.maxPageSize;
  const firstText = single(params.first, 'first');
  const first = firstText === undefined ? Math.min(settings.defaultPageSize, maxPage) : Number(firstText);
  if (!/^\d+$/.test(firstText ?? String(first)) || !Number.isInteger(first) || first < 1 || first > maxPage) {
    throw new BadUserInputError(`first must be a whole number from 1 to ${maxPage}.`, 'first');
  }
  return { q, types, first };
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadUserInputError(`${name} must be given once.`, name);
  return value;
}
