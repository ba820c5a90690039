import { BadUserInputError } from '@commonplace/sdk';

/** Where a page ended, in the backend's sort order: score, then newest, then type and id. */
export interface SearchPosition {
  score: number;
  updatedMs: number;
  type: string;
  id: string;
}

const MAX_CURSOR_LENGTH = 2_048;

export function encodePosition(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([position.score, position.updatedMs, position.type, position.id])).toString('base64url');
}

/** A cursor this backend gave out, or BAD_USER_INPUT naming `after`. */
export function decodePosition(cursor: string): SearchPosition {
  const refuse = () => new BadUserInputError('after is not a cursor this search gave out.', 'after');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== 4) throw refuse();
  const [score, updatedMs, type, id] = value as unknown[];
  if (typeof score !== 'number' || !Number.isFinite(score)) throw refuse();
  if (typeof updatedMs !== 'number' || !Number.isFinite(updatedMs)) throw refuse();
  if (typeof type !== 'string' || typeof id !== 'string' || type === '' || id === '') throw refuse();
  return { score, updatedMs, type, id };
}
