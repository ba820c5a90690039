import type { SelectOption, Translate } from '@commonplace/sdk/web';
import { ISCED_LEVELS, LEARNING_RESOURCE_TYPES, LICENCES, SUBJECTS } from '../../vocabularies/index.js';
import { licenceMeaningKey } from './licence-meaning.js';

/**
 * The choices of the resource form, from the plugin's controlled vocabularies (static data, the
 * same lists the API validates against). Each list starts with "not given" where the field is optional.
 */

/** Languages teachers most often publish in; the API accepts any BCP 47 tag. Names are in the reader's locale. */
const LANGUAGES = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'pt-BR', 'qu', 'gn', 'ru', 'sw', 'tr', 'uk', 'zh-Hans', 'zh-Hant'];

export function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const none = (t: Translate): SelectOption => ({ value: '', label: t('education-commons.resourceForm.notGiven') });

export function languageOptions(t: Translate, locale: string): SelectOption[] {
  const named = LANGUAGES.map((tag) => ({ value: tag, label: languageName(tag, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  return [none(t), ...named];
}

/** An ISCED level's name in the reader's language (the catalogue has the nine levels). */
export const levelName = (t: Translate, code: string) => t(`education-commons.level.${code}`);

export function levelOptions(t: Translate): SelectOption[] {
  return [none(t), ...ISCED_LEVELS.map((level) => ({ value: level.code, label: levelName(t, level.code) }))];
}

/** Broad and narrow ISCED-F fields (the detailed ones would make a list of 120); narrow ones indented under theirs. */
export function subjectOptions(t: Translate): SelectOption[] {
  const fields = SUBJECTS.filter((subject) => subject.depth !== 'detailed');
  return [none(t), ...fields.map((subject) => ({ value: subject.code, label: `${subject.depth === 'narrow' ? '\u2003' : ''}${subject.code} ${subject.name}` }))];
}

/** An LRMI type's name in the reader's language. */
export const typeName = (t: Translate, code: string) => t(`education-commons.resourceType.${code}`);

export function typeOptions(t: Translate): SelectOption[] {
  return [none(t), ...LEARNING_RESOURCE_TYPES.map((type) => ({ value: type.code, label: typeName(t, type.code) }))];
}

/** Every licence, its meaning in the label: a person picks what others may do, not an acronym. */
export function licenceOptions(t: Translate): SelectOption[] {
  return LICENCES.map((licence) => ({ value: licence.id, label: `${licence.name} (${licence.id}): ${t(licenceMeaningKey(licence.id))}` }));
}
