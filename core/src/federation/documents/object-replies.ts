import type { ActivityPubObject, FederatedFetcher, ObjectReplies, Services } from '@commonplace/sdk/internal';
import { firstPageUrl, type CollectionSource } from './collections.js';

/** Where core serves the replies to a plugin's object: under the object's own URL. */
export function repliesCollectionUrl(objectId: string): string {
  return `${objectId.replace(/\/+$/, '')}/replies`;
}

/** A plugin's replies query for one object, as seen by one fetcher, as a collection source. */
export function repliesSource<Row>(replies: ObjectReplies<Row>, row: Row, fetcher: FederatedFetcher, services: Services): CollectionSource<string | ActivityPubObject> {
  return {
    totalItems: () => replies.count(row, fetcher, services),
    async page(cursor, limit) {
      const page = await replies.page(row, { fetcher, cursor, limit }, services);
      // The collection page carries the context; embedded items do not repeat it.
      const items = page.items.map((item) => (typeof item === 'string' || !('@context' in item) ? item : withoutContext(item)));
      return { items, nextCursor: page.nextCursor, prevCursor: page.prevCursor ?? null };
    },
  };
}

/**
 * The `replies` core adds to an object: the collection embedded with its count and its first page's
 * URL. Mastodon embeds its replies collection too; a reader learns the count and where to start
 * without fetching the collection itself, and one that only takes URLs can use the `id`.
 */
export async function embeddedReplies(objectId: string, source: CollectionSource<unknown>): Promise<Record<string, unknown>> {
  const id = repliesCollectionUrl(objectId);
  return { id, type: 'OrderedCollection', totalItems: await source.totalItems(), first: firstPageUrl(id) };
}

function withoutContext(object: ActivityPubObject): ActivityPubObject {
  const { '@context': _context, ...rest } = object;
  return rest as ActivityPubObject;
}
