import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  BadUserInputError,
  CommonplaceError,
  ForbiddenError,
  NotFoundError,
  type Clock,
  type ConnectionArgs,
  type FederationPort,
  type Logger,
  type PageLimits,
  type Viewer,
} from '@commonplace/sdk/internal';
import { ACTIVITYSTREAMS_CONTEXT } from '../jsonld/activitystreams-context.js';
import { apiErrorOf } from '../remote-actors/errors.js';
import type { RemoteActors } from '../remote-actors/index.js';
import type { ActorRow, FederationDb, FederationExecutor, FederationTables } from '../remote-actors/tables.js';
import { blockActivity, followActivity, localActivityId } from './follow-activities.js';
import { emitFollowAccepted, emitFollowsRemoved, type LifecycleJobs } from './follow-events.js';
import { followList, pendingRequestsTo } from './follow-lists.js';
import { blockedEitherWay } from './follow-queries.js';
import { resolveFollowTarget } from './follow-target.js';

export { apiErrorOf };
export { localActivityId };

export type Publish = FederationPort['publish'];
export type FollowRow = FederationTables['core_follows'];

/** A follow with both actors, as the API shows it. */
export interface FollowView {
  follow: FollowRow;
  follower: ActorRow;
  followed: ActorRow;
}

export interface FollowsDeps {
  db: Kysely<any>;
  clock: Clock;
  log: Logger;
  /** Without a trailing slash. */
  publicUrl: string;
  remoteActors: RemoteActors;
  /** The outbox: writes an activity in the caller's transaction; delivery after commit. */
  publish: Publish;
  /** Queues `follow.accepted` / `follow.removed` for plugins in the transaction that made the change. */
  jobs: LifecycleJobs;
}

function isLocal(actor: ActorRow): boolean {
  return actor.domain === null;
}

/**
 * Follows and blocks between actors, in both directions: what the GraphQL API asks for (local actors
 * following anyone) and what the inbox applies (remote actors following local ones, their Accept,
 * Reject, Undo and Block). Every change that federates publishes its activity in the same transaction.
 */
export class Follows {
  private readonly db: FederationDb;
  private readonly publicHost: string;

  constructor(private readonly deps: FollowsDeps) {
    this.db = deps.db as FederationDb;
    this.publicHost = new URL(deps.publicUrl).host.toLowerCase();
  }

  // ---- Targets ----

  /**
   * The actor a user names: a local username, a handle `@user@host`, or an actor (or profile) URL.
   * Remote actors are fetched through the guard; failures are typed API errors naming `target`.
   */
  resolveTarget(target: string): Promise<ActorRow> {
    return resolveFollowTarget({ db: this.db, publicHost: this.publicHost, remoteActors: this.deps.remoteActors }, target);
  }

  // ---- What local actors do (GraphQL) ----

  /** Follows the target; idempotent. Local targets are followed directly; remote ones get a Follow. */
  async follow(followerId: string, target: string): Promise<FollowView> {
    const followed = await this.resolveTarget(target);
    const follower = await this.actorById(followerId);
    if (follower.id === followed.id) throw new BadUserInputError('You cannot follow yourself.', 'target');
    if (await this.blockedEitherWay(follower.id, followed.id)) throw new ForbiddenError('A block between you and that actor prevents following.');
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('core_follows')
        .selectAll()
        .where('follower_id', '=', follower.id)
        .where('followed_id', '=', followed.id)
        .executeTakeFirst();
      if (existing) return { follow: existing, follower, followed };
      const now = this.deps.clock.now();
      const id = randomUUID();
      const autoAccept = isLocal(followed) && !followed.manually_approves_followers;
      const follow = await tx
        .insertInto('core_follows')
        .values({
          id,
          follower_id: follower.id,
          followed_id: followed.id,
          state: autoAccept ? 'accepted' : 'pending',
          activity_uri: localActivityId(follower.uri, 'follows', id),
          created_at: now,
          accepted_at: autoAccept ? now : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (!isLocal(followed)) {
        await this.deps.publish(followActivity(follow.activity_uri, follower.uri, followed.uri), { kind: 'direct', to: [followed.uri] }, { tx, actorId: follower.id });
      }
      if (follow.state === 'accepted') await emitFollowAccepted(this.deps.jobs, tx, follower, followed);
      return { follow, follower, followed };
    });
  }

  /** Ends a follow (or withdraws a request); a remote target gets Undo(Follow). False when there was none. */
  async unfollow(followerId: string, target: string): Promise<boolean> {
    const followed = await this.resolveTarget(target);
    const follower = await this.actorById(followerId);
    return this.db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('core_follows')
        .where('follower_id', '=', follower.id)
        .where('followed_id', '=', followed.id)
        .returningAll()
        .executeTakeFirst();
      if (!removed) return false;
      await emitFollowsRemoved(this.deps.jobs, tx, [removed]);
      if (!isLocal(followed)) {
        await this.publishUndo(tx, follower, followed, followActivity(removed.activity_uri, follower.uri, followed.uri, false));
      }
      return true;
    });
  }

  /** Accepted followers of an actor, newest first. */
  followers(actorId: string, args: ConnectionArgs, limits: PageLimits) {
    return followList(this.db, 'followed_id', 'follower_id', actorId, 'accepted', args, limits);
  }

  /** Actors an actor follows (accepted), newest first. */
  following(actorId: string, args: ConnectionArgs, limits: PageLimits) {
    return followList(this.db, 'follower_id', 'followed_id', actorId, 'accepted', args, limits);
  }

  /** Pending follows of any actor the viewer's account holds or owns. */
  followRequests(viewer: Viewer, args: ConnectionArgs, limits: PageLimits) {
    return pendingRequestsTo(this.db, viewer, args, limits);
  }

  async view(follow: FollowRow): Promise<FollowView> {
    return { follow, follower: await this.actorById(follow.follower_id), followed: await this.actorById(follow.followed_id) };
  }

  /** Accepts a pending request to an actor the viewer holds; a remote follower gets Accept. */
  async acceptFollowRequest(viewer: Viewer, followId: string): Promise<FollowView> {
    return this.decide(viewer, followId, 'accept');
  }

  /** Rejects (removes) a request or a follower of an actor the viewer holds; a remote follower gets Reject. */
  async rejectFollowRequest(viewer: Viewer, followId: string): Promise<FollowView> {
    return this.decide(viewer, followId, 'reject');
  }

  /** Blocks the target: follows both ways end; a remote target gets Block. Idempotent. */
  async block(blockerId: string, target: string): Promise<ActorRow> {
    const blocked = await this.resolveTarget(target);
    const blocker = await this.actorById(blockerId);
    if (blocker.id === blocked.id) throw new BadUserInputError('You cannot block yourself.', 'target');
    await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('core_blocks')
        .values({ id: randomUUID(), blocker_id: blocker.id, blocked_id: blocked.id, created_at: this.deps.clock.now() })
        .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      await this.removeFollowsBetween(tx, blocker.id, blocked.id);
      if (inserted && !isLocal(blocked)) {
        await this.deps.publish(blockActivity(blocker.uri, blocked.uri, inserted.id), { kind: 'direct', to: [blocked.uri] }, { tx, actorId: blocker.id });
      }
    });
    return blocked;
  }

  /** Lifts a block; a remote target gets Undo(Block). False when there was none. */
  async unblock(blockerId: string, target: string): Promise<boolean> {
    const blocked = await this.resolveTarget(target);
    const blocker = await this.actorById(blockerId);
    return this.db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('core_blocks')
        .where('blocker_id', '=', blocker.id)
        .where('blocked_id', '=', blocked.id)
        .returningAll()
        .executeTakeFirst();
      if (!removed) return false;
      if (!isLocal(blocked)) {
        await this.publishUndo(tx, blocker, blocked, blockActivity(blocker.uri, blocked.uri, removed.id, false));
      }
      return true;
    });
  }

  /** Undo of an activity `actor` sent `target`, addressed to the target alone. */
  private async publishUndo(
    tx: Parameters<FollowsDeps['publish']>[2]['tx'],
    actor: { id: string; uri: string },
    target: { uri: string },
    undone: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.publish(
      {
        '@context': ACTIVITYSTREAMS_CONTEXT,
        id: localActivityId(actor.uri, 'undo'),
        type: 'Undo',
        actor: actor.uri,
        object: undone,
        to: [target.uri],
      },
      { kind: 'direct', to: [target.uri] },
      { tx, actorId: actor.id },
    );
  }

  blockedEitherWay(a: string, b: string, executor: FederationExecutor = this.db): Promise<boolean> {
    return blockedEitherWay(executor, a, b);
  }

  // ---- What the inbox applies (always inside its transaction) ----

  /**
   * A remote Follow of a local actor: stored pending, or accepted with an Accept published unless
   * the local actor approves followers by hand. A repeated Follow of an accepted pair is accepted again
   * (the remote may have lost our first Accept).
   */
  async receiveFollow(tx: FederationExecutor, follower: ActorRow, followed: ActorRow, activityUri: string): Promise<FollowRow> {
    const now = this.deps.clock.now();
    const autoAccept = !followed.manually_approves_followers;
    const existing = await tx
      .selectFrom('core_follows')
      .selectAll()
      .where('follower_id', '=', follower.id)
      .where('followed_id', '=', followed.id)
      .executeTakeFirst();
    const follow = existing
      ? await tx
          .updateTable('core_follows')
          .set({ activity_uri: activityUri })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('core_follows')
          .values({
            id: randomUUID(),
            follower_id: follower.id,
            followed_id: followed.id,
            state: autoAccept ? 'accepted' : 'pending',
            activity_uri: activityUri,
            created_at: now,
            accepted_at: autoAccept ? now : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    if (follow.state === 'accepted') await this.publishDecision(tx, 'Accept', follow, follower, followed);
    if (!existing && follow.state === 'accepted') await emitFollowAccepted(this.deps.jobs, tx, follower, followed);
    return follow;
  }

  /** Accept of a Follow a local actor sent: by the Follow's id, else by the (local follower, remote followed) pair. */
  async receiveAccept(tx: FederationExecutor, remote: ActorRow, object: { id: string | null; followerUri: string | null }): Promise<boolean> {
    const follow = await this.findOurFollow(tx, remote, object);
    if (!follow) return false;
    if (follow.state !== 'accepted') {
      await tx.updateTable('core_follows').set({ state: 'accepted', accepted_at: this.deps.clock.now() }).where('id', '=', follow.id).execute();
      const follower = await tx.selectFrom('core_actors').select('uri').where('id', '=', follow.follower_id).executeTakeFirstOrThrow();
      await emitFollowAccepted(this.deps.jobs, tx, follower, remote);
    }
    return true;
  }

  /** Reject of a Follow a local actor sent (or a later removal of an accepted one). */
  async receiveReject(tx: FederationExecutor, remote: ActorRow, object: { id: string | null; followerUri: string | null }): Promise<boolean> {
    const follow = await this.findOurFollow(tx, remote, object);
    if (!follow) return false;
    await tx.deleteFrom('core_follows').where('id', '=', follow.id).execute();
    await emitFollowsRemoved(this.deps.jobs, tx, [follow]);
    return true;
  }

  /** Undo(Follow) from the remote follower: by the Follow's id, else by the followed local actor. */
  async receiveUndoFollow(tx: FederationExecutor, remote: ActorRow, object: { id: string | null; followedUri: string | null }): Promise<boolean> {
    let query = tx.deleteFrom('core_follows').where('follower_id', '=', remote.id);
    if (object.id) {
      const followedId = object.followedUri ? await this.localIdByUri(tx, object.followedUri) : null;
      query = query.where((eb) =>
        followedId ? eb.or([eb('activity_uri', '=', object.id!), eb('followed_id', '=', followedId)]) : eb('activity_uri', '=', object.id!),
      );
    } else {
      const followedId = object.followedUri ? await this.localIdByUri(tx, object.followedUri) : null;
      if (!followedId) return false;
      query = query.where('followed_id', '=', followedId);
    }
    const removed = await query.returningAll().execute();
    await emitFollowsRemoved(this.deps.jobs, tx, removed);
    return removed.length > 0;
  }

  /** A remote actor blocks a local one: recorded, and follows both ways end. */
  async receiveBlock(tx: FederationExecutor, remote: ActorRow, local: ActorRow): Promise<void> {
    await tx
      .insertInto('core_blocks')
      .values({ id: randomUUID(), blocker_id: remote.id, blocked_id: local.id, created_at: this.deps.clock.now() })
      .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
      .execute();
    await this.removeFollowsBetween(tx, remote.id, local.id);
  }

  async receiveUndoBlock(tx: FederationExecutor, remote: ActorRow, local: ActorRow): Promise<boolean> {
    const result = await tx.deleteFrom('core_blocks').where('blocker_id', '=', remote.id).where('blocked_id', '=', local.id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every follow from or to an actor (a deleted or defederated one). */
  async removeAllFollowsOf(tx: FederationExecutor, actorId: string): Promise<void> {
    const removed = await tx
      .deleteFrom('core_follows')
      .where((eb) => eb.or([eb('follower_id', '=', actorId), eb('followed_id', '=', actorId)]))
      .returningAll()
      .execute();
    await emitFollowsRemoved(this.deps.jobs, tx, removed);
  }

  // ---- Internals ----

  private async decide(viewer: Viewer, followId: string, decision: 'accept' | 'reject'): Promise<FollowView> {
    const follow = /^[0-9a-f-]{36}$/i.test(followId)
      ? await this.db.selectFrom('core_follows').selectAll().where('id', '=', followId).executeTakeFirst()
      : undefined;
    if (!follow) throw new CommonplaceError('NOT_FOUND', 'There is no such follow request.', { field: 'id' });
    const followed = await this.actorById(follow.followed_id);
    if (followed.account_id !== viewer.accountId && followed.owner_account_id !== viewer.accountId) {
      throw new ForbiddenError('Only the followed actor’s owner can decide on this request.');
    }
    const follower = await this.actorById(follow.follower_id);
    return this.db.transaction().execute(async (tx) => {
      if (decision === 'accept') {
        const updated =
          follow.state === 'accepted'
            ? follow
            : await tx
                .updateTable('core_follows')
                .set({ state: 'accepted', accepted_at: this.deps.clock.now() })
                .where('id', '=', follow.id)
                .returningAll()
                .executeTakeFirstOrThrow();
        if (follow.state !== 'accepted') await emitFollowAccepted(this.deps.jobs, tx, follower, followed);
        if (!isLocal(follower)) await this.publishDecision(tx, 'Accept', updated, follower, followed);
        return { follow: updated, follower, followed };
      }
      await tx.deleteFrom('core_follows').where('id', '=', follow.id).execute();
      await emitFollowsRemoved(this.deps.jobs, tx, [follow]);
      if (!isLocal(follower)) await this.publishDecision(tx, 'Reject', follow, follower, followed);
      return { follow, follower, followed };
    });
  }

  private async publishDecision(tx: FederationExecutor, type: 'Accept' | 'Reject', follow: FollowRow, follower: ActorRow, followed: ActorRow): Promise<void> {
    await this.deps.publish(
      {
        '@context': ACTIVITYSTREAMS_CONTEXT,
        id: localActivityId(followed.uri, type === 'Accept' ? 'accepts' : 'rejects'),
        type,
        actor: followed.uri,
        object: followActivity(follow.activity_uri, follower.uri, followed.uri, false),
        to: [follower.uri],
      },
      { kind: 'direct', to: [follower.uri] },
      { tx: tx as never, actorId: followed.id },
    );
  }

  private async findOurFollow(tx: FederationExecutor, remote: ActorRow, object: { id: string | null; followerUri: string | null }) {
    const base = () =>
      tx
        .selectFrom('core_follows as f')
        .innerJoin('core_actors as a', 'a.id', 'f.follower_id')
        .selectAll('f')
        .where('f.followed_id', '=', remote.id)
        .where('a.domain', 'is', null);
    if (object.id) {
      const byId = await base().where('f.activity_uri', '=', object.id).executeTakeFirst();
      if (byId) return byId;
    }
    if (object.followerUri) return base().where('a.uri', '=', object.followerUri).executeTakeFirst();
    return undefined;
  }

  private async localIdByUri(tx: FederationExecutor, uri: string): Promise<string | null> {
    const row = await tx.selectFrom('core_actors').select('id').where('uri', '=', uri).where('domain', 'is', null).executeTakeFirst();
    return row?.id ?? null;
  }

  private async removeFollowsBetween(tx: FederationExecutor, a: string, b: string): Promise<void> {
    const removed = await tx
      .deleteFrom('core_follows')
      .where((eb) =>
        eb.or([
          eb.and([eb('follower_id', '=', a), eb('followed_id', '=', b)]),
          eb.and([eb('follower_id', '=', b), eb('followed_id', '=', a)]),
        ]),
      )
      .returningAll()
      .execute();
    await emitFollowsRemoved(this.deps.jobs, tx, removed);
  }

  private async actorById(id: string): Promise<ActorRow> {
    const row = await this.db.selectFrom('core_actors').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('That actor does not exist.');
    return row;
  }


}
