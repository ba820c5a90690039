import { BadUserInputError } from '@commonplace/sdk';
import type { LinksSettings } from './settings.js';

/** What a person types for a link, checked against the plugin's settings; each refusal names its field. */
export interface LinkInput {
  url: string;
  title: string;
  note: string;
}

export function checkedUrl(url: string, settings: LinksSettings, field = 'url'): string {
  const trimmed = url.trim();
  if (trimmed.length === 0) throw new BadUserInputError('url must not be empty.', field);
  if (trimmed.length > settings.maxUrlLength) throw new BadUserInputError(`url must be at most ${settings.maxUrlLength} characters.`, field);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new BadUserInputError('url is not a URL.', field);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new BadUserInputError('url must be an http or https URL.', field);
  return parsed.href;
}

export function checkedTitle(title: string, settings: LinksSettings, field = 'title'): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) throw new BadUserInputError('title must not be empty.', field);
  if (trimmed.length > settings.maxTitleLength) throw new BadUserInputError(`title must be at most ${settings.maxTitleLength} characters.`, field);
  return trimmed;
}

export function checkedNote(note: string, settings: LinksSettings, field = 'note'): string {
  const trimmed = note.trim();
  if (trimmed.length > settings.maxNoteLength) throw new BadUserInputError(`note must be at most ${settings.maxNoteLength} characters.`, field);
  return trimmed;
}
