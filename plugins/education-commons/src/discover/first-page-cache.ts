/**
 * One process's copy of the first page of each discover list, and of community and collection feeds,
 * reused while nothing they are read from has changed.
 *
 * Why it is safe for every viewer, signed in or not: the lists are the same for everyone (all that is
 * on them is public), and what depends on the viewer (viewerRole, viewerHasLiked) is resolved per
 * request from the cached rows. Were private or followers-only items ever listed, the key would need
 * the viewer's audience too.
 *
 * Invalidation: each page is kept with the change marker it was read under (a sequence that moves as
 * any community, collection or resource row is written, by whichever process or peer: migration 0004).
 * A request reads the marker (one small query, shared by the requests that arrive together, each from
 * a read sent after it arrived) and reuses the page only while it is the same, so a new resource, a
 * like, a featuring or a deletion shows at once, in every process. A page is also dropped `ttlMs`
 * after it was read (`discover.cacheSeconds`), which bounds the one case the marker misses: a page
 * read in the instant between a writer moving the marker and its commit becoming visible. Later pages
 * (after a cursor) and the viewer's own feed are never cached. Concurrent requests for a page that
 * must be read again share one database read. At most `maxEntries` pages are kept, the least
 * recently read dropped first.
 */
export class FirstPageCache {
  private readonly pages = new Map<string, { marker: string; expiresAt: number; page: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number,
    private readonly maxEntries: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** The page for `key`: the cached one while the marker is unchanged and it has not expired, else `load()`'s. */
  async get<T>(key: string, marker: () => Promise<string>, load: () => Promise<T>): Promise<T> {
    const ttl = this.ttlMs();
    const maxEntries = this.maxEntries();
    if (ttl <= 0 || maxEntries <= 0) return load();
    const current = await marker();
    const now = this.now();
    const cached = this.pages.get(key);
    if (cached && cached.marker === current && cached.expiresAt > now) {
      // Read again: to the back of the line for dropping (a Map keeps insertion order).
      this.pages.delete(key);
      this.pages.set(key, cached);
      return cached.page as Promise<T>;
    }
    const page = load();
    this.pages.delete(key);
    this.pages.set(key, { marker: current, expiresAt: now + ttl, page });
    while (this.pages.size > maxEntries) this.pages.delete(this.pages.keys().next().value!);
    // A failed read is not kept: the next request tries again.
    page.catch(() => {
      if (this.pages.get(key)?.page === page) this.pages.delete(key);
    });
    return page;
  }
}
