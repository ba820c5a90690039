/**
 * What a licence lets people do, in plain words: one message per family of licences
 * (`education-commons.licence.meaning.<family>`), so a person choosing one reads its meaning
 * rather than its SPDX name. The families follow the licences' own clauses.
 */
export type LicenceFamily =
  | 'public-domain'
  | 'cc-by'
  | 'cc-by-sa'
  | 'cc-by-nc'
  | 'cc-by-nc-sa'
  | 'cc-by-nd'
  | 'cc-by-nc-nd'
  | 'permissive'
  | 'copyleft';

const PUBLIC_DOMAIN = new Set(['CC0-1.0', 'CC-PDDC', 'PDDL-1.0', 'Unlicense', '0BSD']);
const COPYLEFT = /^(A?GPL|LGPL|MPL|EPL|GFDL|ODbL)-/;

export function licenceFamily(spdxId: string): LicenceFamily {
  if (PUBLIC_DOMAIN.has(spdxId)) return 'public-domain';
  const cc = /^CC-BY((?:-NC)?(?:-SA|-ND)?)-/.exec(spdxId);
  if (cc) return `cc-by${(cc[1] ?? '').toLowerCase()}` as LicenceFamily;
  return COPYLEFT.test(spdxId) ? 'copyleft' : 'permissive';
}

export const licenceMeaningKey = (spdxId: string) => `education-commons.licence.meaning.${licenceFamily(spdxId)}`;
