import { BadUserInputError, isUuid } from '@commonplace/sdk';

/**
 * Checks of free-text and URL input, shared by every concept. Each names the field at fault, as
 * clients read `extensions.field`.
 */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new BadUserInputError(`${field} must not be empty.`, field);
  if (trimmed.length > max) throw new BadUserInputError(`${field} has at most ${max} characters.`, field);
  return trimmed;
}

/** undefined leaves a field unchanged; null or blank clears it. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) throw new BadUserInputError(`${field} has at most ${max} characters.`, field);
  return trimmed;
}

/** An absolute http(s) URL; other schemes (javascript:, data:, file:) would be unsafe as links. */
export function httpUrl(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length > max) throw new BadUserInputError(`${field} has at most ${max} characters.`, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(`${field} must be an http or https URL.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadUserInputError(`${field} must be an http or https URL.`, field);
  return url.href;
}

/** An id from a client: a uuid, or BAD_USER_INPUT naming the argument (never a database error). */
export function checkId(value: string, field: string): string {
  if (!isUuid(value)) throw new BadUserInputError(`${field} is not a valid id.`, field);
  return value.toLowerCase();
}
