import { BatchedReads, decodeCursor, pageSize, paginate, sql, type Connection, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { normalisedPage } from '../resources/normalise.js';
import { commonsOf } from '../shared/commons.js';
import { checkId } from '../shared/input.js';
import { checkSubject } from '../vocabularies/index.js';
import { newestFirstPage } from '../shared/connections.js';
import { FirstPageCache } from './first-page-cache.js';
import { viewerFeedIds } from './viewer-feed.js';

/** Follows asked of core at a time for the viewer's feed (its port pages them, 1,000 at most). */
const FOLLOWS_PER_PAGE = 500;

/**
 * Discover and feeds. Every list is a keyset-paginated connection read from an index (see the
 * migrations): featured and active communities, featured collections, newest and most-liked resources,
 * and feeds of a community, a collection and the viewer. Like counts and community activity are kept
 * on the rows as they change, so no list counts anything when it is read. Discover's first pages, and
 * those of community and collection feeds, are the same for everyone and are reused while nothing they
 * show has changed (see first-page-cache.ts).
 */
export class DiscoverService {
  private readonly firstPages: FirstPageCache;
  private readonly feedFirstPages: FirstPageCache;
  /** Concurrent discover requests read the marker together, each from a read sent after it arrived. */
  private readonly markers = new BatchedReads<'marker', string>(async () => {
    const { rows } = await sql<{ last_value: string | number; is_called: boolean }>`select last_value, is_called from education_commons_discover_changes`.execute(this.commons.db);
    return new Map([['marker', `${rows[0]!.last_value}:${rows[0]!.is_called}`]]);
  });

  constructor(private readonly services: EducationCommonsServices) {
    this.firstPages = new FirstPageCache(
      () => this.commons.settings.discover.cacheSeconds * 1000,
      () => services.clock.now().getTime(),
    );
    this.feedFirstPages = new FirstPageCache(
      () => this.commons.settings.discover.cacheSeconds * 1000,
      () => services.clock.now().getTime(),
      () => this.commons.settings.discover.cachedFeeds,
    );
  }

  private get commons() {
    return commonsOf(this.services);
  }

  /**
   * A reader of the change marker for one discover request: read once, when a first page is asked for,
   * however many lists the request reads. It moves whenever a community, collection or resource does.
   */
  changeMarker(): Marker {
    let marker: Promise<string> | undefined;
    return () => (marker ??= this.markers.get('marker').then((value) => value!));
  }

  featuredCommunities(args: ConnectionArgs, marker: Marker) {
    return this.cachedFirstPage('featuredCommunities', args, marker, () =>
      newestFirstPage(this.commons.db.selectFrom('education_commons_communities').selectAll().where('featured', '=', true), args, this.commons.pageLimits),
    );
  }

  featuredCollections(args: ConnectionArgs, marker: Marker) {
    return this.cachedFirstPage('featuredCollections', args, marker, () =>
      newestFirstPage(this.commons.db.selectFrom('education_commons_collections').selectAll().where('featured', '=', true), args, this.commons.pageLimits),
    );
  }

  /** Communities where something was posted or said most recently. */
  activeCommunities(args: ConnectionArgs, marker: Marker) {
    return this.cachedFirstPage('activeCommunities', args, marker, () =>
      paginate(this.commons.db.selectFrom('education_commons_communities').selectAll(), {
        ...args,
        limits: this.commons.pageLimits,
        sortColumn: 'last_activity_at',
        sortType: 'timestamp',
        idColumn: 'id',
        idType: 'uuid',
        direction: 'desc',
        keyOf: (row) => ({ sort: row.last_activity_at, id: row.id }),
      }),
    );
  }

  newestResources(args: ConnectionArgs, marker: Marker) {
    return this.cachedFirstPage('newestResources', args, marker, () => this.resources(this.liveResources(), args));
  }

  mostLikedResources(args: ConnectionArgs, marker: Marker) {
    return this.cachedFirstPage('mostLikedResources', args, marker, async () =>
      normalisedPage(
        await paginate(this.liveResources(), {
          ...args,
          limits: this.commons.pageLimits,
          sortColumn: 'like_count',
          sortType: 'number',
          idColumn: 'id',
          idType: 'uuid',
          direction: 'desc',
          keyOf: (row) => ({ sort: row.like_count, id: row.id }),
        }),
      ),
    );
  }

  /** A community's resources, newest first; the first page is the same for everyone, and cached like discover's. */
  communityFeed(communityId: string, args: ConnectionArgs) {
    const id = checkId(communityId, 'communityId');
    return this.cachedFeedPage(`community:${id}`, args, () => this.resources(this.liveResources().where('community_id', '=', id), args));
  }

  collectionFeed(collectionId: string, args: ConnectionArgs) {
    const id = checkId(collectionId, 'collectionId');
    return this.cachedFeedPage(`collection:${id}`, args, () => this.resources(this.liveResources().where('collection_id', '=', id), args));
  }

  /**
   * The viewer's feed: new resources in the communities they belong to, in the remote communities they
   * follow through core's follow (their Groups announced them here), on the subjects they follow (a
   * followed field takes in its narrower fields: 06 brings 0613), from here and from peers, and their own.
   * Each source is read from its own index (see viewer-feed.ts).
   */
  async viewerFeed(viewer: Viewer, args: ConnectionArgs) {
    const { db, pageLimits } = this.commons;
    const take = pageSize(args.first, pageLimits) + 1;
    const cursor = args.after ? decodeCursor(args.after, 'timestamp', 'uuid') : null;
    const ids = viewerFeedIds({
      viewerActorId: viewer.actorId,
      followedGroupUris: await this.followedGroupUris(viewer),
      after: cursor ? { createdAt: String(cursor[0]), id: cursor[1] } : null,
      take,
    });
    // Driven by the few candidate ids, joined to their rows by primary key.
    const query = db
      .selectFrom(sql<{ resource_id: string }>`(${ids})`.as('feed'))
      .innerJoin('education_commons_resources', 'education_commons_resources.id', 'feed.resource_id')
      .selectAll('education_commons_resources');
    return normalisedPage(await newestFirstPage(query, args, pageLimits));
  }

  /** Actors the viewer follows (core keeps follows); only those that are Groups of copies here match anything. */
  private async followedGroupUris(viewer: Viewer): Promise<string[]> {
    const limit = this.commons.settings.limits.feedFollowedGroups;
    const uris: string[] = [];
    // The most recently followed first, a page of core's at a time, up to the setting.
    for (let after: string | null = null; uris.length < limit; ) {
      const page = await this.services.federation.follows.following(viewer.actorId, { limit: Math.min(limit - uris.length, FOLLOWS_PER_PAGE), after });
      uris.push(...page.items.map((item) => item.uri));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return uris;
  }

  async followSubject(viewer: Viewer, code: string): Promise<string> {
    const subject = checkSubject(code, 'subject');
    await this.commons.db
      .insertInto('education_commons_subject_follows')
      .values({ actor_id: viewer.actorId, subject: subject.code, created_at: this.commons.now() })
      .onConflict((oc) => oc.columns(['actor_id', 'subject']).doNothing())
      .execute();
    return subject.code;
  }

  async unfollowSubject(viewer: Viewer, code: string): Promise<boolean> {
    const subject = checkSubject(code, 'subject');
    const removed = await this.commons.db
      .deleteFrom('education_commons_subject_follows')
      .where('actor_id', '=', viewer.actorId)
      .where('subject', '=', subject.code)
      .executeTakeFirst();
    return Number(removed.numDeletedRows) > 0;
  }

  followedSubjects(viewer: Viewer, args: ConnectionArgs) {
    return paginate(this.commons.db.selectFrom('education_commons_subject_follows').selectAll().where('actor_id', '=', viewer.actorId), {
      ...args,
      limits: this.commons.pageLimits,
      sortColumn: 'subject',
      sortType: 'string',
      idColumn: 'subject',
      idType: 'string',
      direction: 'asc',
      keyOf: (row) => ({ sort: row.subject, id: row.subject }),
    });
  }

  private liveResources() {
    return this.commons.db.selectFrom('education_commons_resources').selectAll().where('deleted_at', 'is', null);
  }

  private async resources(query: ReturnType<DiscoverService['liveResources']>, args: ConnectionArgs) {
    return normalisedPage(await newestFirstPage(query, args, this.commons.pageLimits));
  }

  /** Only a first page is cached: it is what everyone sees, and it keeps the keys few (a list and a page size). */
  private cachedFirstPage<Row>(list: string, args: ConnectionArgs, marker: Marker, load: () => Promise<Connection<Row>>): Promise<Connection<Row>> {
    if (args.after) return load();
    return this.firstPages.get(`${list}:${args.first ?? 'default'}`, marker, load);
  }

  private cachedFeedPage<Row>(feed: string, args: ConnectionArgs, load: () => Promise<Connection<Row>>): Promise<Connection<Row>> {
    if (args.after) return load();
    return this.feedFirstPages.get(`${feed}:${args.first ?? 'default'}`, this.changeMarker(), load);
  }
}

/** Reads discover's change marker (see DiscoverService.changeMarker). */
export type Marker = () => Promise<string>;
