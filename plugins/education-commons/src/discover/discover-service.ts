import { paginate, sql, type Connection, type ConnectionArgs, type KeysetOptions, type Services, type Viewer } from '@commonplace/sdk';
import { normalise } from '../resources/resource-service.js';
import { commonsOf } from '../shared/commons.js';
import { checkId } from '../shared/input.js';
import type { ResourceRow } from '../tables.js';
import { checkSubject } from '../vocabularies/index.js';
import { byCreationTime } from '../shared/connections.js';

/**
 * Discover and feeds. Every list is a keyset-paginated connection read from an index (see the
 * migration): featured and active communities, featured collections, newest and most-liked resources,
 * and feeds of a community, a collection and the viewer.
 */
export class DiscoverService {
  constructor(private readonly services: Services) {}

  private get commons() {
    return commonsOf(this.services);
  }

  featuredCommunities(args: ConnectionArgs) {
    return paginate(this.commons.db.selectFrom('education_commons_communities').selectAll().where('featured', '=', true), this.newest(args));
  }

  featuredCollections(args: ConnectionArgs) {
    return paginate(this.commons.db.selectFrom('education_commons_collections').selectAll().where('featured', '=', true), this.newest(args));
  }

  /** Communities where something was posted or said most recently. */
  activeCommunities(args: ConnectionArgs) {
    return paginate(this.commons.db.selectFrom('education_commons_communities').selectAll(), {
      ...args,
      limits: this.commons.pageLimits,
      sortColumn: 'last_activity_at',
      sortType: 'timestamp',
      idColumn: 'id',
      idType: 'uuid',
      direction: 'desc',
      keyOf: (row) => ({ sort: row.last_activity_at, id: row.id }),
    });
  }

  newestResources(args: ConnectionArgs) {
    return this.resources(this.liveResources(), args);
  }

  async mostLikedResources(args: ConnectionArgs) {
    return normalised(
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
    );
  }

  communityFeed(communityId: string, args: ConnectionArgs) {
    return this.resources(this.liveResources().where('community_id', '=', checkId(communityId, 'communityId')), args);
  }

  collectionFeed(collectionId: string, args: ConnectionArgs) {
    return this.resources(this.liveResources().where('collection_id', '=', checkId(collectionId, 'collectionId')), args);
  }

  /**
   * The viewer's feed: new resources in the communities they belong to, in the remote communities they
   * follow through core's follow (their Groups announced them here), on the subjects they follow (a
   * followed field takes in its narrower fields: 06 brings 0613), from here and from peers, and their own.
   */
  async viewerFeed(viewer: Viewer, args: ConnectionArgs) {
    const followedGroups = await this.followedGroupUris(viewer);
    const query = this.liveResources().where((eb) =>
      eb.or([
        eb('author_actor_id', '=', viewer.actorId),
        eb(
          'community_id',
          'in',
          eb.selectFrom('education_commons_members').select('community_id').where('actor_id', '=', viewer.actorId).where('state', '=', 'accepted'),
        ),
        ...(followedGroups.length > 0 ? [eb('community_uri', 'in', followedGroups)] : []),
        eb.exists(
          eb
            .selectFrom('education_commons_subject_follows as f')
            .select('f.subject')
            .where('f.actor_id', '=', viewer.actorId)
            .where(sql<boolean>`education_commons_resources.subject like f.subject || '%'`),
        ),
      ]),
    );
    return this.resources(query, args);
  }

  /** Actors the viewer follows (core keeps follows); only those that are Groups of copies here match anything. */
  private async followedGroupUris(viewer: Viewer): Promise<string[]> {
    const limit = this.commons.settings.limits.feedFollowedGroups;
    if (!this.services.federation || limit === 0) return [];
    return this.services.federation.followedUris(viewer.actorId, { limit });
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
    return normalised(await paginate(query, this.newest(args)));
  }

  private newest<Row extends { created_at: Date; id: string }>(args: ConnectionArgs): KeysetOptions<Row> {
    return byCreationTime(args, this.commons.pageLimits);
  }
}

function normalised(page: Connection<ResourceRow>): Connection<ResourceRow> {
  return { ...page, nodes: page.nodes.map(normalise), edges: page.edges.map((edge) => ({ ...edge, node: normalise(edge.node) })) };
}
