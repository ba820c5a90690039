/**
 * One Meilisearch index per document type: each type gets its own searchable attributes in its own
 * weight order (one shared index would have to merge every type's ranking into one list), and
 * `commonplace reindex --type T` swaps one index without touching the others. A query over several
 * types is one federated multi-search, merged by ranking score.
 */

/** Index uids allow letters, digits, `-` and `_`: a type's dots become double underscores. */
export function indexUidFor(prefix: string, type: string): string {
  const safe = type.replace(/\./g, '__').replace(/[^A-Za-z0-9_-]/g, '_');
  return `${prefix}_${safe}`;
}

const REBUILD_MARK = '__rebuild_';

/** The fresh index a rebuild fills before it is swapped in. */
export function rebuildUidFor(liveUid: string, token: string): string {
  return `${liveUid}${REBUILD_MARK}${token}`;
}

/** The small index listing rebuilds in progress (active-rebuilds.ts); `__` keeps it apart from type indexes. */
export function rebuildRegistryUidFor(prefix: string): string {
  return `${prefix}__rebuilds`;
}
