import { ACTIVITYSTREAMS_CONTEXT } from '../jsonld/activitystreams-context.js';

/** One page of a collection, newest first; the cursors are opaque to everybody but the source. */
export interface CollectionPage<Item> {
  items: readonly Item[];
  /** The cursor of the following (older) page, or null on the last page. */
  nextCursor: string | null;
  /** The cursor of the preceding (newer) page, when the source knows it. */
  prevCursor?: string | null;
}

/** Where a collection's items come from: a count and pages. Items are ids (strings) or embedded objects. */
export interface CollectionSource<Item = unknown> {
  totalItems(): Promise<number>;
  page(cursor: string | null, limit: number): Promise<CollectionPage<Item>>;
}

/** A collection with nothing in it yet (followers, following, outbox and featured until their tables exist). */
export const emptyCollection: CollectionSource<never> = {
  totalItems: async () => 0,
  page: async () => ({ items: [], nextCursor: null }),
};

/** Which part of a collection a request asks for: `?page=true` is the first page, `?cursor=` another. */
export type CollectionRequest = { kind: 'collection' } | { kind: 'page'; cursor: string | null };

export function collectionRequestOf(query: { page?: unknown; cursor?: unknown }): CollectionRequest {
  if (typeof query.cursor === 'string' && query.cursor !== '') return { kind: 'page', cursor: query.cursor };
  if (query.page === 'true' || query.page === '1') return { kind: 'page', cursor: null };
  return { kind: 'collection' };
}

export function firstPageUrl(collectionId: string): string {
  return `${collectionId}?page=true`;
}

export function pageUrl(collectionId: string, cursor: string): string {
  return `${collectionId}?cursor=${encodeURIComponent(cursor)}`;
}

/**
 * An OrderedCollection (`kind: 'collection'`: the count and a link to the first page) or one of its
 * OrderedCollectionPages, read from any source. `pageSize` is `federation.collectionPageSize`.
 */
export async function renderOrderedCollection<Item>(
  collectionId: string,
  source: CollectionSource<Item>,
  request: CollectionRequest,
  pageSize: number,
): Promise<Record<string, unknown>> {
  const totalItems = await source.totalItems();
  if (request.kind === 'collection') {
    return { '@context': ACTIVITYSTREAMS_CONTEXT, id: collectionId, type: 'OrderedCollection', totalItems, first: firstPageUrl(collectionId) };
  }
  const page = await source.page(request.cursor, pageSize);
  return {
    '@context': ACTIVITYSTREAMS_CONTEXT,
    id: request.cursor === null ? firstPageUrl(collectionId) : pageUrl(collectionId, request.cursor),
    type: 'OrderedCollectionPage',
    partOf: collectionId,
    totalItems,
    orderedItems: page.items,
    ...(page.nextCursor ? { next: pageUrl(collectionId, page.nextCursor) } : {}),
    ...(page.prevCursor ? { prev: pageUrl(collectionId, page.prevCursor) } : {}),
  };
}
