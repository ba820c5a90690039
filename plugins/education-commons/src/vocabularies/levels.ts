/**
 * Levels of education, ISCED 2011 (UNESCO Institute for Statistics, "International Standard
 * Classification of Education: ISCED 2011", table of levels, pp. 24–25). Codes are the single digits
 * 0 to 8; resources carry the code, federation sends the code with its name as a DefinedTerm.
 */
export interface IscedLevel {
  code: string;
  name: string;
}

export const ISCED_LEVELS_SCHEME = 'http://uis.unesco.org/isced-2011';

export const ISCED_LEVELS: readonly IscedLevel[] = [
  { code: '0', name: 'Early childhood education' },
  { code: '1', name: 'Primary education' },
  { code: '2', name: 'Lower secondary education' },
  { code: '3', name: 'Upper secondary education' },
  { code: '4', name: 'Post-secondary non-tertiary education' },
  { code: '5', name: 'Short-cycle tertiary education' },
  { code: '6', name: 'Bachelor’s or equivalent level' },
  { code: '7', name: 'Master’s or equivalent level' },
  { code: '8', name: 'Doctoral or equivalent level' },
];

const byCode = new Map(ISCED_LEVELS.map((level) => [level.code, level]));

/** Accepts `3` and `ISCED 3` (as people write it). */
export function findLevel(code: string): IscedLevel | undefined {
  return byCode.get(code.trim().replace(/^isced[\s-]*/i, ''));
}
