import { BadUserInputError } from '@commonplace/sdk';

/**
 * Meilisearch pages by offset, so the cursor is the offset of the next hit, opaque to clients.
 * Deep pages cost more; `search.maxTotalHits`-style limits of Meilisearch (1000 by default) apply.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(`ms:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const match = /^ms:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('after is not a cursor this search returned.', 'after');
  return Number(match[1]);
}
