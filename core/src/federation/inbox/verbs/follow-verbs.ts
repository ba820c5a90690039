import type { ActivityPubObject } from '@commonplace/sdk/internal';
import type { ActivityPubDocument } from '../../documents/parse-activitypub.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { refuse } from '../inbox-outcome.js';
import { nothingToDo, type Apply } from '../inbox-plan.js';
import type { VerbContext } from './verb-context.js';
import { objectForPlugins } from './plugin-verbs.js';

/** Follow of one of our actors: kept (pending or accepted) unless a block stands between them. */
export async function planFollow(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const objectId = activity.object?.id ?? null;
  if (!objectId) throw refuse(400, 'Follow without an object');
  const followed = await context.localActorByUri(objectId);
  if (!followed) return nothingToDo(`Follow of ${objectId}, not a local actor: ignored`);
  if (!activity.id) throw refuse(400, 'Follow without an id cannot be accepted or undone');
  if (await context.follows.blockedEitherWay(sender.id, followed.id)) return nothingToDo(`Follow of ${followed.username} across a block: ignored`);
  return async (tx) => {
    const follow = await context.follows.receiveFollow(tx, sender, followed, activity.id!);
    return `Follow of ${followed.username} by ${sender.uri}: ${follow.state}`;
  };
}

/**
 * Accept or Reject: of our Follow, core's; of anything else (a QuoteRequest, an Offer), the plugins'
 * `on.Accept` / `on.Reject`. A bare id is first matched against our Follows, then offered to the plugins.
 */
export async function planAcceptOrReject(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const verb = activity.type as 'Accept' | 'Reject';
  const object = activity.object;
  if (!object) throw refuse(400, `${verb} without an object`);
  const embedded = object.embedded;
  if (embedded && embedded.type !== 'Follow') {
    return context.plugins.plan(activity, verb, objectForPlugins(object, sender, context));
  }
  if (embedded?.object?.id && embedded.object.id !== sender.uri) {
    throw refuse(400, `${verb} by ${sender.uri} of a Follow of ${embedded.object.id}`);
  }
  const reference = { id: object.id, followerUri: embedded?.actor ?? null };
  const ofPlugins = !embedded && object.id ? context.plugins.plan(activity, verb, { id: object.id }) : null;
  return async (tx, services) => {
    const matched = verb === 'Accept' ? await context.follows.receiveAccept(tx, sender, reference) : await context.follows.receiveReject(tx, sender, reference);
    if (matched) return `${verb} of our Follow of ${sender.uri}`;
    if (ofPlugins) return ofPlugins(tx, services);
    return `${verb} matched no Follow of ours: ignored`;
  };
}

export async function planBlock(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const objectId = activity.object?.id ?? null;
  if (!objectId) throw refuse(400, 'Block without an object');
  const blocked = await context.localActorByUri(objectId);
  if (!blocked) return nothingToDo(`Block of ${objectId}, not a local actor: ignored`);
  return async (tx) => {
    await context.follows.receiveBlock(tx, sender, blocked);
    return `${sender.uri} blocks ${blocked.username}`;
  };
}

/** Undo of a Follow or Block is core's; of a Like, Announce, Create..., the undone activity goes to the handler of its object. */
export async function planUndo(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const object = activity.object;
  if (!object) throw refuse(400, 'Undo without an object');
  const inner = object.embedded;
  if (inner?.actor && inner.actor !== sender.uri) throw refuse(400, `${sender.uri} may not undo an activity of ${inner.actor}`);
  if (inner?.type === 'Follow' || (!inner && object.id)) {
    const followedUri = inner?.object?.id ?? null;
    const innerId = object.id;
    const followMatch = inner ? true : await followIdExists(context, sender.id, innerId!);
    if (followMatch) {
      return async (tx) => {
        const removed = await context.follows.receiveUndoFollow(tx, sender, { id: innerId, followedUri });
        return removed ? `Undo(Follow) by ${sender.uri}` : `Undo(Follow) matched no follow: ignored`;
      };
    }
  }
  if (inner?.type === 'Block') {
    const blocked = inner.object?.id ? await context.localActorByUri(inner.object.id) : null;
    if (!blocked) return nothingToDo('Undo(Block) of a non-local actor: ignored');
    return async (tx) => {
      const removed = await context.follows.receiveUndoBlock(tx, sender, blocked);
      return removed ? `Undo(Block) by ${sender.uri}` : 'Undo(Block) matched no block: ignored';
    };
  }
  const undone: ActivityPubObject = inner ? (inner.raw as ActivityPubObject) : { id: object.id! };
  const innerObject = inner?.object?.embedded ? (inner.object.embedded.raw as ActivityPubObject) : undefined;
  return context.plugins.plan(activity, 'Undo', undone, innerObject ?? { id: inner?.object?.id ?? object.id ?? undefined });
}

async function followIdExists(context: VerbContext, followerId: string, activityUri: string): Promise<boolean> {
  const row = await context.db
    .selectFrom('core_follows')
    .select('id')
    .where('follower_id', '=', followerId)
    .where('activity_uri', '=', activityUri)
    .executeTakeFirst();
  return row !== undefined;
}
