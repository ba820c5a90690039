/**
 * Licences a resource may carry, by SPDX identifier.
 *
 * Source: the SPDX License List (https://spdx.org/licenses/, list version 3.24), restricted to the
 * Creative Commons family and the licences educators commonly meet for software, documentation and
 * data. Identifiers are matched case-insensitively and stored in their SPDX spelling.
 */
export interface Licence {
  id: string;
  name: string;
  /** The licence text on spdx.org, which the JSON-LD `license` term points at. */
  url: string;
  /** True for licences that meet the Open Definition (no NonCommercial or NoDerivatives clause). */
  open: boolean;
}

const entries: Array<[id: string, name: string, open: boolean]> = [
  // Creative Commons, current and earlier versions still common in OER repositories.
  ['CC0-1.0', 'Creative Commons Zero v1.0 Universal', true],
  ['CC-BY-4.0', 'Creative Commons Attribution 4.0 International', true],
  ['CC-BY-SA-4.0', 'Creative Commons Attribution Share Alike 4.0 International', true],
  ['CC-BY-NC-4.0', 'Creative Commons Attribution Non Commercial 4.0 International', false],
  ['CC-BY-NC-SA-4.0', 'Creative Commons Attribution Non Commercial Share Alike 4.0 International', false],
  ['CC-BY-ND-4.0', 'Creative Commons Attribution No Derivatives 4.0 International', false],
  ['CC-BY-NC-ND-4.0', 'Creative Commons Attribution Non Commercial No Derivatives 4.0 International', false],
  ['CC-BY-3.0', 'Creative Commons Attribution 3.0 Unported', true],
  ['CC-BY-SA-3.0', 'Creative Commons Attribution Share Alike 3.0 Unported', true],
  ['CC-BY-NC-3.0', 'Creative Commons Attribution Non Commercial 3.0 Unported', false],
  ['CC-BY-NC-SA-3.0', 'Creative Commons Attribution Non Commercial Share Alike 3.0 Unported', false],
  ['CC-BY-ND-3.0', 'Creative Commons Attribution No Derivatives 3.0 Unported', false],
  ['CC-BY-NC-ND-3.0', 'Creative Commons Attribution Non Commercial No Derivatives 3.0 Unported', false],
  ['CC-BY-2.5', 'Creative Commons Attribution 2.5 Generic', true],
  ['CC-BY-SA-2.5', 'Creative Commons Attribution Share Alike 2.5 Generic', true],
  ['CC-BY-2.0', 'Creative Commons Attribution 2.0 Generic', true],
  ['CC-BY-SA-2.0', 'Creative Commons Attribution Share Alike 2.0 Generic', true],
  ['CC-PDDC', 'Creative Commons Public Domain Dedication and Certification', true],
  // Software.
  ['MIT', 'MIT License', true],
  ['Apache-2.0', 'Apache License 2.0', true],
  ['BSD-2-Clause', 'BSD 2-Clause "Simplified" License', true],
  ['BSD-3-Clause', 'BSD 3-Clause "New" or "Revised" License', true],
  ['ISC', 'ISC License', true],
  ['0BSD', 'BSD Zero Clause License', true],
  ['Unlicense', 'The Unlicense', true],
  ['MPL-2.0', 'Mozilla Public License 2.0', true],
  ['EPL-2.0', 'Eclipse Public License 2.0', true],
  ['GPL-2.0-only', 'GNU General Public License v2.0 only', true],
  ['GPL-2.0-or-later', 'GNU General Public License v2.0 or later', true],
  ['GPL-3.0-only', 'GNU General Public License v3.0 only', true],
  ['GPL-3.0-or-later', 'GNU General Public License v3.0 or later', true],
  ['LGPL-2.1-only', 'GNU Lesser General Public License v2.1 only', true],
  ['LGPL-2.1-or-later', 'GNU Lesser General Public License v2.1 or later', true],
  ['LGPL-3.0-only', 'GNU Lesser General Public License v3.0 only', true],
  ['LGPL-3.0-or-later', 'GNU Lesser General Public License v3.0 or later', true],
  ['AGPL-3.0-only', 'GNU Affero General Public License v3.0 only', true],
  ['AGPL-3.0-or-later', 'GNU Affero General Public License v3.0 or later', true],
  // Documentation and data.
  ['GFDL-1.3-only', 'GNU Free Documentation License v1.3 only', true],
  ['GFDL-1.3-or-later', 'GNU Free Documentation License v1.3 or later', true],
  ['ODbL-1.0', 'Open Data Commons Open Database License v1.0', true],
  ['ODC-By-1.0', 'Open Data Commons Attribution License v1.0', true],
  ['PDDL-1.0', 'Open Data Commons Public Domain Dedication & License 1.0', true],
  ['OGL-UK-3.0', 'Open Government Licence v3.0', true],
];

export const LICENCES: readonly Licence[] = entries.map(([id, name, open]) => ({ id, name, open, url: `https://spdx.org/licenses/${id}.html` }));

const byLowerId = new Map(LICENCES.map((licence) => [licence.id.toLowerCase(), licence]));
const byUrl = new Map(LICENCES.map((licence) => [licence.url, licence]));

/** The licence for an SPDX id in any letter case, or its spdx.org URL (as it arrives over federation). */
export function findLicence(idOrUrl: string): Licence | undefined {
  const text = idOrUrl.trim();
  return byLowerId.get(text.toLowerCase()) ?? byUrl.get(text) ?? byUrl.get(`${text.replace(/\/$/, '')}.html`);
}
