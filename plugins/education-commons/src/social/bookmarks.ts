import { BadUserInputError, paginate, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { normalise } from '../resources/resource-service.js';
import { commonsOf } from '../shared/commons.js';
import type { ResourceRow } from '../tables.js';
import { findTarget, requireLive } from './targets.js';

/** Bookmarks are private to the viewer: resources kept for later. Nothing federates. */
export class BookmarkService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  async bookmark(viewer: Viewer, targetId: string): Promise<boolean> {
    const { db, now } = this.commons;
    const target = requireLive(await findTarget(db, targetId));
    if (target.kind !== 'resource') throw new BadUserInputError('Only resources can be bookmarked.', 'targetId');
    await db
      .insertInto('education_commons_bookmarks')
      .values({ actor_id: viewer.actorId, target_kind: target.kind, target_id: target.id, created_at: now() })
      .onConflict((oc) => oc.columns(['actor_id', 'target_id']).doNothing())
      .execute();
    return true;
  }

  async unbookmark(viewer: Viewer, targetId: string): Promise<boolean> {
    const target = await findTarget(this.commons.db, targetId);
    const removed = await this.commons.db.deleteFrom('education_commons_bookmarks').where('actor_id', '=', viewer.actorId).where('target_id', '=', target.id).executeTakeFirst();
    return Number(removed.numDeletedRows) > 0;
  }

  /** The viewer's bookmarked resources, most recently bookmarked first. */
  async list(viewer: Viewer, args: ConnectionArgs) {
    const page = await paginate(
      this.commons.db
        .selectFrom('education_commons_bookmarks as b')
        .innerJoin('education_commons_resources as r', 'r.id', 'b.target_id')
        .selectAll('r')
        .select('b.created_at as bookmarked_at')
        .where('b.actor_id', '=', viewer.actorId)
        .where('r.deleted_at', 'is', null),
      {
        ...args,
        limits: this.commons.pageLimits,
        sortColumn: 'b.created_at',
        sortType: 'timestamp',
        idColumn: 'r.id',
        idType: 'uuid',
        direction: 'desc',
        keyOf: (row) => ({ sort: row.bookmarked_at, id: row.id }),
      },
    );
    const node = (row: ResourceRow) => normalise(row);
    return { ...page, nodes: page.nodes.map(node), edges: page.edges.map((edge) => ({ ...edge, node: node(edge.node) })) };
  }
}
