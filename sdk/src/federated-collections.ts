import type { SelectQueryBuilder } from 'kysely';
import { isKeysetKey, type IdType, type KeysetOptions, type SortKeyType } from './graphql/connection.js';
import type { ActivityPubObject, Audience } from './ports/federation.js';

/**
 * What a plugin needs to serve a collection over ActivityPub through core (today: the `replies` of
 * its objects): who is fetching, one page at a time, and which items that fetcher may see.
 */

/** Who fetches one of our federated URLs, as core established it. */
export interface FederatedFetcher {
  /**
   * The actor whose HTTP signature on the GET core verified (often another server's instance actor),
   * or null for an unsigned GET, or one whose signature did not verify.
   */
  actorUri: string | null;
  /**
   * Ids of the local actors the signer follows with an accepted follow: people whose followers-only
   * items it may see, Groups it is a member of (FEP-1b12). Empty for an anonymous fetch. Core looks
   * them up once per request, on the first call, and reads at most `federation.fetcherFollowsMax`
   * (1,000), most recently accepted first, so the set stays small enough for an SQL `in` list.
   */
  followedLocalActorIds(): Promise<ReadonlySet<string>>;
}

const NOBODY_FOLLOWED: ReadonlySet<string> = new Set();

/** The fetcher of an unsigned GET, and of a browser's: it sees what is public only. */
export const ANONYMOUS_FETCHER: FederatedFetcher = Object.freeze({ actorUri: null, followedLocalActorIds: async () => NOBODY_FOLLOWED });

/** One page of a federated collection, asked of a plugin by core. */
export interface CollectionPageQuery {
  fetcher: FederatedFetcher;
  /** Null for the first page; otherwise a `nextCursor` or `prevCursor` this plugin gave out (or anything a client made up). */
  cursor: string | null;
  /** The page size: the instance's `federation.collectionPageSize`. */
  limit: number;
}

/** A page of items: ids (URLs) or embedded objects (without `@context`), in the collection's order. */
export interface CollectionItemsPage<Item = string | ActivityPubObject> {
  items: readonly Item[];
  /** The cursor of the page after this one, or null on the last page. */
  nextCursor: string | null;
  /** The cursor of the page before this one, or null (or absent) on the first page. */
  prevCursor?: string | null;
}

const PUBLIC_SPELLINGS: ReadonlySet<string> = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

/**
 * Whether `fetcher` may see an item with this audience, in a collection we serve or at its id. Public
 * and unlisted items are for anyone (Mastodon serves exactly those in its replies collections); a
 * direct one only to a signer it is addressed to; a followers-only one to a signer that follows its
 * actor, and a group one to a signer that follows (is a member of) the Group, as Mastodon serves a
 * followers-only post to a follower's signed fetch.
 */
export async function fetcherMaySee(audience: Audience, fetcher: FederatedFetcher): Promise<boolean> {
  switch (audience.kind) {
    case 'followers':
      return fetcher.actorUri !== null && (await fetcher.followedLocalActorIds()).has(audience.of);
    case 'group':
      return fetcher.actorUri !== null && (await fetcher.followedLocalActorIds()).has(audience.groupId);
    default:
      return isVisibleToFetcher(audience, fetcher);
  }
}

/**
 * The part of `fetcherMaySee` that needs no look-up: true for public and unlisted items, and for a
 * direct one addressed to the signer; false for everything else, followers-only and group items
 * included (never too much shown).
 */
export function isVisibleToFetcher(audience: Audience, fetcher: Pick<FederatedFetcher, 'actorUri'>): boolean {
  switch (audience.kind) {
    case 'public':
    case 'unlisted':
      return true;
    case 'direct':
      return fetcher.actorUri !== null && audience.to.includes(fetcher.actorUri);
    default:
      return false;
  }
}

/**
 * How an incoming object is addressed, by the rule Mastodon uses: `public` with as:Public in `to`,
 * `unlisted` with it only in `cc`, null when not addressed to the public at all (followers-only or
 * direct). A plugin storing copies of remote objects uses it to keep private ones out of what it lists
 * and serves.
 *
 * Pass the `Create` or `Update` that carried the object as `activity`: each of `to` and `cc` the object
 * lacks is then read from the activity, as Mastodon does (`@object['to'] || @json['to']`). Leave it out
 * for an `Announce`, whose addressing is the announcer's, not the author's.
 */
export function publicVisibilityOf(object: ActivityPubObject, activity?: ActivityPubObject): 'public' | 'unlisted' | null {
  const field = (name: 'to' | 'cc') => (object[name] === undefined || object[name] === null ? activity?.[name] : object[name]);
  if (addressees(field('to')).some((entry) => PUBLIC_SPELLINGS.has(entry))) return 'public';
  if (addressees(field('cc')).some((entry) => PUBLIC_SPELLINGS.has(entry))) return 'unlisted';
  return null;
}

function addressees(value: unknown): string[] {
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/** The keyset of a GraphQL connection (sort and id columns, direction, keys read back), plus how a row shows as an item. */
export interface CollectionKeysetOptions<Row, Item>
  extends Pick<KeysetOptions<Row>, 'sortColumn' | 'sortType' | 'idColumn' | 'idType' | 'direction' | 'keyOf'> {
  /** The item a row shows as: its id (URL), or the object. */
  item(row: Row): Item;
}

/**
 * One page of a federated collection over a Kysely query, by keyset: stable while items are added,
 * with `next` and `prev` cursors. A cursor this function did not make reads as the first page (as
 * core's own collections do) rather than an error. The query must have no ORDER BY or LIMIT.
 */
export async function keysetCollectionPage<DB, TB extends keyof DB, Row, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  page: { cursor: string | null; limit: number },
  options: CollectionKeysetOptions<Row, Item>,
): Promise<CollectionItemsPage<Item>> {
  const at = page.cursor === null ? null : decodeCollectionCursor(page.cursor, options.sortType, options.idType);
  const backwards = at?.towards === 'prev';
  // A previous page is read in the opposite order from its cursor, then turned around.
  const order = backwards ? (options.direction === 'asc' ? 'desc' : 'asc') : options.direction;
  let q: SelectQueryBuilder<any, any, Row> = query;
  if (at) {
    const op = order === 'asc' ? '>' : '<';
    q = q.where((eb: any) => eb.or([eb(options.sortColumn, op, at.sort), eb.and([eb(options.sortColumn, '=', at.sort), eb(options.idColumn, op, at.id)])]));
  }
  const rows = await q
    .orderBy(options.sortColumn as any, order)
    .orderBy(options.idColumn as any, order)
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  if (backwards) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  const cursorOf = (towards: Towards, row: Row) => encodeCollectionCursor(towards, options.keyOf(row));
  return {
    items: shown.map((row) => options.item(row)),
    // Going back, the page that led here is still there; going forward, more rows say there is a next page.
    nextCursor: last && (backwards || more) ? cursorOf('next', last) : null,
    prevCursor: first && (backwards ? more : at !== null) ? cursorOf('prev', first) : null,
  };
}

type Towards = 'next' | 'prev';

const MAX_CURSOR_LENGTH = 1_024;

function encodeCollectionCursor(towards: Towards, key: { sort: string | number | Date; id: string }): string {
  const sort = key.sort instanceof Date ? key.sort.toISOString() : key.sort;
  return Buffer.from(JSON.stringify([towards === 'next' ? 'n' : 'p', sort, key.id])).toString('base64url');
}

function decodeCollectionCursor(cursor: string, sortType: SortKeyType, idType: IdType): { towards: Towards; sort: string | number; id: string } | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [towards, sort, id] = value as [unknown, unknown, unknown];
  if (towards !== 'n' && towards !== 'p') return null;
  if (!isKeysetKey(sort, id, sortType, idType)) return null;
  return { towards: towards === 'n' ? 'next' : 'prev', sort, id: id as string };
}
