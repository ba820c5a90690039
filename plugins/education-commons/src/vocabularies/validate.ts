import { BadUserInputError } from '@commonplace/sdk';
import { canonicalLanguage, LANGUAGE_EXAMPLES } from './languages.js';
import { findLevel, ISCED_LEVELS, type IscedLevel } from './levels.js';
import { findLicence, type Licence } from './licences.js';
import { findResourceType, LEARNING_RESOURCE_TYPES, type LearningResourceType } from './resource-types.js';
import { findSubject, type Subject } from './subjects.js';

/**
 * Checks of client input against the vocabularies. An unknown code is BAD_USER_INPUT naming the
 * field and listing valid examples in the message and in `extensions.examples`, so a form can offer them.
 */
function refuse(field: string, what: string, given: string, examples: readonly string[]): never {
  throw new BadUserInputError(`${field}: "${given}" is not ${what}. Examples: ${examples.join(', ')}.`, field, { examples: [...examples] });
}

export function checkLicence(value: string, field = 'licence'): Licence {
  return findLicence(value) ?? refuse(field, 'an SPDX licence identifier this instance knows', value, ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'CC-BY-NC-4.0', 'MIT']);
}

export function checkLanguage(value: string, field = 'language'): string {
  return canonicalLanguage(value) ?? refuse(field, 'a BCP 47 language tag', value, LANGUAGE_EXAMPLES);
}

export function checkLevel(value: string, field = 'level'): IscedLevel {
  return findLevel(value) ?? refuse(field, 'an ISCED 2011 level (0 to 8)', value, ISCED_LEVELS.slice(0, 4).map((level) => `${level.code} (${level.name})`));
}

export function checkSubject(value: string, field = 'subject'): Subject {
  return findSubject(value) ?? refuse(field, 'an ISCED-F 2013 field code', value, ['06 (ICTs)', '0613 (Software and applications development and analysis)', '0541 (Mathematics)', '0231 (Language acquisition)']);
}

export function checkResourceType(value: string, field = 'type'): LearningResourceType {
  return findResourceType(value) ?? refuse(field, 'an LRMI learning resource type', value, LEARNING_RESOURCE_TYPES.slice(0, 5).map((type) => type.code));
}
