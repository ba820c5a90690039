import { BadUserInputError, ForbiddenError, NotFoundError, paginate, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { requireAuthorStanding, requireTakingPart } from '../communities/participation.js';
import { requireCommunityRole } from '../communities/roles.js';
import { commentDocument } from '../federation/documents.js';
import { publishActivity } from '../federation/outbound.js';
import { commonsUrls } from '../federation/uris.js';
import { commonsOf } from '../shared/commons.js';
import { checkId, requiredText } from '../shared/input.js';
import type { CommentRow, CommonsExecutor } from '../tables.js';
import { destinationOf, findTarget, requireLive, type Target } from './targets.js';
import type { CommentInput } from './types.js';
import { byCreationTime, type TableSelect } from '../shared/connections.js';

/** Threads of comments on communities, collections and resources; each comment federates as a Note. */
export class CommentService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  async byId(id: string, field = 'id', db: CommonsExecutor = this.commons.db): Promise<CommentRow> {
    const row = await db.selectFrom('education_commons_comments').selectAll().where('id', '=', checkId(id, field)).executeTakeFirst();
    if (!row) throw new NotFoundError('No comment with that id.');
    return row;
  }

  /**
   * Comments on a target, or replies to a comment. Commenting on something deleted (or replying to a
   * deleted comment) is BAD_USER_INPUT; a reply must belong to the same thread and stay within the depth limit.
   */
  async comment(viewer: Viewer, input: CommentInput): Promise<CommentRow> {
    const { db, settings, publicUrl, now } = this.commons;
    const content = requiredText(input.content, 'content', settings.limits.commentLength);
    let target = requireLive(await findTarget(db, input.targetId));
    let parent: CommentRow | null = null;
    if (target.kind === 'comment') {
      // Commenting on a comment is replying to it, in its thread.
      parent = await this.byId(target.id, 'targetId');
      target = requireLive(await findTarget(db, parent.target_id));
    }
    if (input.inReplyToId) {
      if (parent && parent.id !== input.inReplyToId.toLowerCase()) throw new BadUserInputError('inReplyToId differs from the comment named by targetId.', 'inReplyToId');
      parent = await this.byId(input.inReplyToId, 'inReplyToId');
      if (parent.target_id !== target.id) throw new BadUserInputError('inReplyToId is a comment in another thread.', 'inReplyToId');
    }
    if (parent?.deleted_at) throw new BadUserInputError('inReplyToId: that comment was deleted.', 'inReplyToId');
    if (parent && (await this.depthOf(parent)) >= settings.limits.commentDepth) {
      throw new BadUserInputError(`Replies nest at most ${settings.limits.commentDepth} deep; answer higher up the thread.`, 'inReplyToId');
    }
    await requireTakingPart(this.services, db, viewer, target.communityId, 'Commenting');
    const author = await this.services.actors.byId(viewer.actorId);
    if (!author) throw new ForbiddenError('Your actor is gone.');

    return db.transaction().execute(async (tx) => {
      const id = crypto.randomUUID();
      const at = now();
      const row = await tx
        .insertInto('education_commons_comments')
        .values({
          id,
          uri: commonsUrls(publicUrl).comment(id),
          origin_host: null,
          target_kind: target.kind as CommentRow['target_kind'],
          target_id: target.id,
          community_id: target.communityId,
          in_reply_to_id: parent?.id ?? null,
          author_actor_id: viewer.actorId,
          author_uri: author.uri,
          content,
          like_count: 0,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (target.communityId) {
        await tx.updateTable('education_commons_communities').set({ last_activity_at: at }).where('id', '=', target.communityId).execute();
      }
      await this.publish(tx, viewer.actorId, 'Create', row, target, parent);
      return row;
    });
  }

  async edit(viewer: Viewer, id: string, contentInput: string): Promise<CommentRow> {
    const { db, settings, now } = this.commons;
    const current = await this.byId(id);
    if (current.deleted_at) throw new BadUserInputError('id: that comment was deleted.', 'id');
    if (current.author_actor_id !== viewer.actorId) throw new ForbiddenError('Only its author edits a comment.');
    await requireAuthorStanding(this.services, db, viewer, current.community_id, 'Editing a comment');
    const content = requiredText(contentInput, 'content', settings.limits.commentLength);
    const target = await findTarget(db, current.target_id);
    const parent = current.in_reply_to_id ? await this.byId(current.in_reply_to_id) : null;
    return db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('education_commons_comments').set({ content, updated_at: now() }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      await this.publish(tx, viewer.actorId, 'Update', row, target, parent);
      return row;
    });
  }

  /** Its author, or a moderator of the community it was posted in. Replies stay, under a deleted parent. */
  async delete(viewer: Viewer, id: string): Promise<CommentRow> {
    const { db, now } = this.commons;
    const current = await this.byId(id);
    if (current.deleted_at) return current;
    if (current.author_actor_id !== viewer.actorId) {
      if (!current.community_id) throw new ForbiddenError('Only its author deletes this comment.');
      await requireCommunityRole(db, viewer, current.community_id, 'moderator', 'Deleting another person’s comment');
    }
    const target = await findTarget(db, current.target_id);
    return db.transaction().execute(async (tx) => {
      const at = now();
      const row = await tx.updateTable('education_commons_comments').set({ deleted_at: at, updated_at: at }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      if (row.origin_host === null) {
        await publishActivity(this.services, tx, {
          actorId: viewer.actorId,
          activity: { type: 'Delete', object: { id: row.uri, type: 'Tombstone', formerType: 'Note' } },
          destination: destinationOf(target),
          isPublic: true,
        });
      }
      return row;
    });
  }

  private async publish(tx: CommonsExecutor, actorId: string, verb: 'Create' | 'Update', row: CommentRow, target: Target, parent: CommentRow | null): Promise<void> {
    const { '@context': _context, ...note } = commentDocument(row, target.uri, parent?.uri ?? target.uri, target.communityUri);
    await publishActivity(this.services, tx, { actorId, activity: { type: verb, object: note }, destination: destinationOf(target), isPublic: true });
  }

  private async depthOf(comment: CommentRow): Promise<number> {
    let depth = 1;
    let current: CommentRow | undefined = comment;
    while (current?.in_reply_to_id && depth < this.commons.settings.limits.commentDepth + 1) {
      current = await this.commons.db.selectFrom('education_commons_comments').selectAll().where('id', '=', current.in_reply_to_id).executeTakeFirst();
      depth += 1;
    }
    return depth;
  }

  /** Top-level comments on a target, oldest first (a thread reads in order). */
  onTarget(targetId: string, args: ConnectionArgs) {
    return this.oldestFirst(this.commons.db.selectFrom('education_commons_comments').selectAll().where('target_id', '=', targetId).where('in_reply_to_id', 'is', null), args);
  }

  replies(commentId: string, args: ConnectionArgs) {
    return this.oldestFirst(this.commons.db.selectFrom('education_commons_comments').selectAll().where('in_reply_to_id', '=', commentId), args);
  }

  private oldestFirst(query: TableSelect<'education_commons_comments'>, args: ConnectionArgs) {
    return paginate(query, byCreationTime<CommentRow>(args, this.commons.pageLimits, 'asc'));
  }
}
