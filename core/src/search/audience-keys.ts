import type { Audience, SearchDocument } from '@commonplace/sdk';

/**
 * The reader keys a document is indexed with. A viewer whose keys (reader-keys.ts) meet these may
 * find it. Unlisted documents are found by their owner only: unlisted means "not in public listings".
 * Actor ids are core_actors ids, as the audience model uses them.
 */
export function audienceKeys(document: Pick<SearchDocument, 'audience' | 'ownerActorId'>): string[] {
  const keys = new Set<string>(keysOf(document.audience));
  if (document.ownerActorId) keys.add(`actor:${document.ownerActorId}`);
  return [...keys];
}

function keysOf(audience: Audience): string[] {
  switch (audience.kind) {
    case 'public':
      return ['public'];
    case 'unlisted':
      return [];
    case 'followers':
      return [`followers:${audience.of}`];
    case 'group':
      return [`group:${audience.groupId}`];
    case 'direct':
      return audience.to.map((actorId) => `actor:${actorId}`);
  }
}

export const PUBLIC_READER_KEY = 'public';
