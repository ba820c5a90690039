import { findControlCharacter, stripControlCharacters } from '@commonplace/sdk/internal';

/**
 * A JSON document from another server without the control characters our rule refuses (sdk text.ts):
 * PostgreSQL cannot store NUL, and we cannot ask a remote server to send its Note again, so they are
 * removed rather than refused. The same object comes back when there is nothing to remove, as almost
 * always, so the inbox allocates nothing for it.
 */
export function withoutControlCharacters<T>(value: T): T {
  return hasControlCharacter(value) ? (cleaned(value) as T) : value;
}

function hasControlCharacter(value: unknown): boolean {
  if (typeof value === 'string') return findControlCharacter(value) !== null;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasControlCharacter);
  for (const key in value) {
    if (hasControlCharacter(key) || hasControlCharacter((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return stripControlCharacters(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cleaned);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [stripControlCharacters(key), cleaned(item)]));
}
