import { BadUserInputError } from '@commonplace/sdk';
import type { EducationCommonsSettings } from '../settings.js';
import { httpUrl, optionalText, requiredText } from '../shared/input.js';
import { checkLanguage, checkLevel, checkLicence, checkResourceType, checkSubject } from '../vocabularies/index.js';

/** A resource's descriptive metadata as clients send it (create: most fields; update: any subset). */
export interface ResourceMetadataInput {
  name?: string | null;
  summary?: string | null;
  url?: string | null;
  licence?: string | null;
  language?: string | null;
  level?: string | null;
  subject?: string | null;
  type?: string | null;
  learningOutcomes?: string[] | null;
  author?: string | null;
  originalUrl?: string | null;
}

/** The same, checked against the vocabularies and limits, in the columns' shape. undefined: unchanged. */
export interface ResourceMetadata {
  name?: string;
  summary?: string | null;
  url?: string;
  licence?: string;
  language?: string | null;
  level?: string | null;
  subject?: string | null;
  resource_type?: string | null;
  learning_outcomes?: string[];
  credited_author?: string | null;
  original_url?: string | null;
}

/**
 * Checks every field before anything is stored: unknown vocabulary codes are BAD_USER_INPUT with
 * examples; `url` and `originalUrl` must be http(s). For a new resource, `name` is required and the
 * licence falls back to the instance's `defaultLicence`.
 */
export function checkResourceMetadata(input: ResourceMetadataInput, settings: EducationCommonsSettings, mode: 'create' | 'update'): ResourceMetadata {
  const limits = settings.limits;
  const out: ResourceMetadata = {};
  if (mode === 'create' || (input.name !== undefined && input.name !== null)) out.name = requiredText(input.name ?? '', 'name', limits.nameLength);
  const summary = optionalText(input.summary, 'summary', limits.summaryLength);
  if (summary !== undefined) out.summary = summary;
  if (input.url !== undefined && input.url !== null) out.url = httpUrl(input.url, 'url', limits.urlLength);

  if (input.licence !== undefined && input.licence !== null && input.licence.trim() !== '') out.licence = checkLicence(input.licence).id;
  else if (mode === 'create') {
    if (!settings.defaultLicence) throw new BadUserInputError('licence is required on this instance (an SPDX id such as CC-BY-4.0).', 'licence');
    out.licence = checkLicence(settings.defaultLicence).id;
  }

  const vocabulary = <T>(value: string | null | undefined, check: (text: string) => T): T | null | undefined =>
    value === undefined ? undefined : value === null || value.trim() === '' ? null : check(value);
  const language = vocabulary(input.language, (text) => checkLanguage(text));
  if (language !== undefined) out.language = language;
  const level = vocabulary(input.level, (text) => checkLevel(text).code);
  if (level !== undefined) out.level = level;
  const subject = vocabulary(input.subject, (text) => checkSubject(text).code);
  if (subject !== undefined) out.subject = subject;
  const type = vocabulary(input.type, (text) => checkResourceType(text).code);
  if (type !== undefined) out.resource_type = type;

  if (input.learningOutcomes !== undefined && input.learningOutcomes !== null) {
    if (input.learningOutcomes.length > limits.learningOutcomes) {
      throw new BadUserInputError(`learningOutcomes has at most ${limits.learningOutcomes} entries.`, 'learningOutcomes');
    }
    out.learning_outcomes = input.learningOutcomes
      .map((outcome) => optionalText(outcome, 'learningOutcomes', limits.learningOutcomeLength))
      .filter((outcome): outcome is string => typeof outcome === 'string');
  }
  const author = optionalText(input.author, 'author', limits.nameLength);
  if (author !== undefined) out.credited_author = author;
  if (input.originalUrl !== undefined) {
    out.original_url = input.originalUrl === null || input.originalUrl.trim() === '' ? null : httpUrl(input.originalUrl, 'originalUrl', limits.urlLength);
  }
  return out;
}
