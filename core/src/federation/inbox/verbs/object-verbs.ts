import type { ActivityPubObject } from '@commonplace/sdk/internal';
import { hostOf } from '../../documents/host-of.js';
import type { ActivityPubDocument } from '../../documents/parse-activitypub.js';
import { looksLikeActor, readActorDocument } from '../../remote-actors/index.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { emitLifecycleEvent } from '../../../kernel/lifecycle-events.js';
import { refuse } from '../inbox-outcome.js';
import type { Apply } from '../inbox-plan.js';
import type { VerbContext } from './verb-context.js';

/** Create of an object on the sender's host: to the handlers that take it, or a poll vote to its Question's. */
export async function planCreate(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const embedded = activity.object?.embedded;
  if (!embedded) throw refuse(400, 'Create without an embedded object');
  const senderHost = hostOf(sender.uri)!;
  checkOwnObject(activity, embedded.id, senderHost);
  checkAttribution(embedded.attributedTo, senderHost);
  const object = embedded.raw as ActivityPubObject;
  if (isVoteOnOurs(embedded, context)) return context.plugins.plan(activity, 'Vote', object, { id: embedded.inReplyTo! });
  return context.plugins.planPost(activity, sender, 'Create', object);
}

/**
 * A Mastodon poll vote: a Note with the chosen option as `name`, no `content`, answering (`inReplyTo`)
 * one of our objects (the Question). It goes to that object's handler as `Vote`, not as a reply.
 */
function isVoteOnOurs(object: ActivityPubDocument, context: VerbContext): boolean {
  return object.types.includes('Note') && object.name !== null && object.content === null && object.inReplyTo !== null && context.isLocalUri(object.inReplyTo);
}

/** Update of the sender itself (its actor document, stored) or of its object (to the plugins). */
export async function planUpdate(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const embedded = activity.object?.embedded;
  if (!embedded) throw refuse(400, 'Update without an embedded object');
  if (looksLikeActor(embedded.raw)) {
    if (embedded.id !== sender.uri) throw refuse(400, `${sender.uri} may not update another actor (${embedded.id})`);
    const reading = readActorDocument(embedded.raw);
    if (!reading.ok) throw refuse(400, `Update of the actor: ${reading.reason}`);
    return async (tx) => {
      await context.remoteActors.store(reading.actor, undefined, tx);
      return `actor ${sender.uri} refreshed from its Update`;
    };
  }
  const senderHost = hostOf(sender.uri)!;
  checkOwnObject(activity, embedded.id, senderHost);
  checkAttribution(embedded.attributedTo, senderHost);
  return context.plugins.planPost(activity, sender, 'Update', embedded.raw as ActivityPubObject);
}

/** Delete of the sender (its follows end, it is marked deleted, `actor.deleted` is emitted) or of its object (to the plugins). */
export async function planDelete(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const object = activity.object;
  const objectId = object?.id ?? null;
  if (!objectId) throw refuse(400, 'Delete without an object');
  if (objectId === sender.uri) {
    return async (tx) => {
      await context.follows.removeAllFollowsOf(tx, sender.id);
      await tx.updateTable('core_actors').set({ deleted_at: context.clock.now() }).where('id', '=', sender.id).execute();
      if (context.jobs) await emitLifecycleEvent(context.jobs, 'actor.deleted', { actorUri: sender.uri, local: false }, { tx });
      context.remoteActors.forget(sender.uri);
      return `actor ${sender.uri} deleted`;
    };
  }
  checkOwnObject(activity, objectId, hostOf(sender.uri)!);
  const target = object?.embedded ? (object.embedded.raw as ActivityPubObject) : { id: objectId };
  return context.plugins.plan(activity, 'Delete', target);
}

export async function planLike(activity: ActivityPubDocument, _sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const object = activity.object;
  if (!object?.id && !object?.embedded) throw refuse(400, 'Like without an object');
  return context.plugins.plan(activity, 'Like', object.embedded ? (object.embedded.raw as ActivityPubObject) : { id: object.id! });
}

/** A Create's, Update's or Delete's object must live on the actor's host. */
export function checkOwnObject(activity: ActivityPubDocument, objectId: string | null, senderHost: string): void {
  if (!objectId) {
    if (activity.type === 'Create') throw refuse(400, 'Create of an object without an id');
    return;
  }
  const host = hostOf(objectId);
  if (host !== senderHost) throw refuse(400, `origin mismatch: ${activity.type} by an actor on ${senderHost} of an object on ${host ?? objectId}`);
}

function checkAttribution(attributedTo: readonly string[], senderHost: string): void {
  const foreign = attributedTo.find((author) => hostOf(author) !== senderHost);
  if (foreign) throw refuse(400, `origin mismatch: the object is attributed to ${foreign}, not to an actor on ${senderHost}`);
}
