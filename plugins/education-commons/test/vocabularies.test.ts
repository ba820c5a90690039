import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  checkLicence,
  checkSubject,
  findLevel,
  findLicence,
  findResourceType,
  findSubject,
  ISCED_LEVELS,
  LEARNING_RESOURCE_TYPES,
  SUBJECTS,
  subjectWithAncestors,
} from '../src/vocabularies/index.js';

describe('vocabularies', () => {
  it('knows the Creative Commons family and common software licences by SPDX id, in any case, and by URL', () => {
    for (const id of ['CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-NC-ND-4.0', 'MIT', 'Apache-2.0', 'GPL-3.0-or-later']) {
      expect(findLicence(id)?.id, id).toBe(id);
    }
    expect(findLicence('cc-by-sa-4.0')?.id).toBe('CC-BY-SA-4.0');
    expect(findLicence('https://spdx.org/licenses/CC-BY-4.0.html')?.id).toBe('CC-BY-4.0');
    expect(findLicence('CC-BY-NC-4.0')?.open).toBe(false);
    expect(() => checkLicence('Copyright all rights reserved')).toThrow(/Examples: CC-BY-4.0/);
  });

  it('canonicalises well-formed BCP 47 tags and refuses others', () => {
    expect(canonicalLanguage('EN-gb')).toBe('en-GB');
    expect(canonicalLanguage('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(canonicalLanguage('sw')).toBe('sw');
    for (const bad of ['', 'english', 'en_GB', 'x', '12']) expect(canonicalLanguage(bad), bad).toBeUndefined();
  });

  it('has the nine ISCED 2011 levels', () => {
    expect(ISCED_LEVELS.map((level) => level.code)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(findLevel('ISCED 6')?.name).toBe('Bachelor’s or equivalent level');
    expect(findLevel('9')).toBeUndefined();
  });

  it('has ISCED-F 2013 fields nested by code, with generated nec and inter-disciplinary fields', () => {
    expect(findSubject('0613')).toMatchObject({ name: 'Software and applications development and analysis', depth: 'detailed', parent: '061' });
    expect(findSubject('ISCED-F 0541')?.name).toBe('Mathematics');
    expect(findSubject('0619')?.name).toBe('Information and Communication Technologies (ICTs) not elsewhere classified');
    expect(findSubject('0288')?.name).toBe('Inter-disciplinary programmes and qualifications involving arts and humanities');
    expect(subjectWithAncestors('0613')).toEqual(['0613', '061', '06']);
    // Every code nests under its parent's code, so a prefix match finds narrower fields.
    for (const subject of SUBJECTS) if (subject.parent) expect(subject.code.startsWith(subject.parent), subject.code).toBe(true);
    expect(new Set(SUBJECTS.map((subject) => subject.code)).size).toBe(SUBJECTS.length);
    expect(() => checkSubject('0000')).toThrow(/0613/);
  });

  it('has the ten LRMI learning resource types, by name or concept IRI', () => {
    expect(LEARNING_RESOURCE_TYPES).toHaveLength(10);
    expect(findResourceType('LESSONPLAN')?.code).toBe('lessonPlan');
    expect(findResourceType('http://purl.org/dcx/lrmi-vocabs/learningResourceType/textbook')?.name).toBe('Textbook');
    expect(findResourceType('worksheet')).toBeUndefined();
  });
});
