import { BadUserInputError, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { requireTakingPart } from '../communities/participation.js';
import { publishActivity } from '../federation/outbound.js';
import { commonsOf } from '../shared/commons.js';
import { PLUGIN_ID } from '../settings.js';
import type { CommonsExecutor, LikeRow } from '../tables.js';
import { destinationOf, findTarget, requireLive, type Target } from './targets.js';
import type { LikeResult } from './types.js';

/** Resources and comments can be liked; likes count towards "most liked" in discover. */
const LIKEABLE = new Set(['resource', 'comment']);

export class LikeService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  /** Likes once; liking again changes nothing. The Like goes to the community (or the origin server). */
  async like(viewer: Viewer, targetId: string): Promise<LikeResult> {
    const { db, publicUrl, now } = this.commons;
    const target = requireLive(await findTarget(db, targetId));
    if (!LIKEABLE.has(target.kind)) throw new BadUserInputError(`A ${target.kind} cannot be liked; like resources and comments.`, 'targetId');
    await requireTakingPart(this.services, db, viewer, target.communityId, 'Liking');
    const actor = await this.services.actors.byId(viewer.actorId);
    if (!actor) throw new BadUserInputError('Your actor is gone.', 'targetId');
    return db.transaction().execute(async (tx) => {
      const id = crypto.randomUUID();
      const activityUri = `${publicUrl}/${PLUGIN_ID}/likes/${id}`;
      const inserted = await tx
        .insertInto('education_commons_likes')
        .values({ id, target_kind: target.kind, target_id: target.id, actor_id: viewer.actorId, actor_uri: actor.uri, activity_uri: activityUri, created_at: now() })
        .onConflict((oc) => oc.columns(['target_id', 'actor_uri']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        await adjustLikeCount(tx, target, +1);
        await publishActivity(this.services, tx, {
          actorId: viewer.actorId,
          activity: { id: activityUri, type: 'Like', object: target.uri },
          destination: destinationOf(target),
          isPublic: false,
        });
      }
      return { targetId: target.id, liked: true, likeCount: await likeCount(tx, target) };
    });
  }

  async unlike(viewer: Viewer, targetId: string): Promise<LikeResult> {
    const { db } = this.commons;
    const target = await findTarget(db, targetId);
    return db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('education_commons_likes')
        .where('target_id', '=', target.id)
        .where('actor_id', '=', viewer.actorId)
        .returningAll()
        .executeTakeFirst();
      if (removed) {
        await adjustLikeCount(tx, target, -1);
        await publishActivity(this.services, tx, {
          actorId: viewer.actorId,
          activity: { type: 'Undo', object: likeActivity(removed, target.uri) },
          destination: destinationOf(target),
          isPublic: false,
        });
      }
      return { targetId: target.id, liked: false, likeCount: await likeCount(tx, target) };
    });
  }

  async hasLiked(viewer: Viewer | null, targetId: string): Promise<boolean> {
    if (!viewer) return false;
    const row = await this.commons.db
      .selectFrom('education_commons_likes')
      .select('id')
      .where('target_id', '=', targetId)
      .where('actor_id', '=', viewer.actorId)
      .executeTakeFirst();
    return row !== undefined;
  }
}

export function likeActivity(like: LikeRow, objectUri: string) {
  return { id: like.activity_uri, type: 'Like', actor: like.actor_uri, object: objectUri };
}

/** Kept on the row so "most liked" sorts on an index rather than counting. */
export async function adjustLikeCount(tx: CommonsExecutor, target: Pick<Target, 'kind' | 'id'>, delta: number): Promise<void> {
  const table = target.kind === 'resource' ? 'education_commons_resources' : target.kind === 'comment' ? 'education_commons_comments' : null;
  if (!table) return;
  await tx
    .updateTable(table)
    .set((eb) => ({ like_count: eb('like_count', '+', delta) }))
    .where('id', '=', target.id)
    .execute();
}

async function likeCount(tx: CommonsExecutor, target: Target): Promise<number> {
  const table = target.kind === 'resource' ? 'education_commons_resources' : 'education_commons_comments';
  const row = await tx.selectFrom(table).select('like_count').where('id', '=', target.id).executeTakeFirst();
  return row?.like_count ?? 0;
}
