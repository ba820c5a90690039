import type { ActorReplies, FederationObjectHandler, Services } from '@commonplace/sdk/internal';
import type { LocalActor } from './local-actor-directory.js';

/** Which plugin serves an actor's replies, and its row for the actor. */
export interface ClaimedActorReplies {
  replies: ActorReplies;
  row: unknown;
}

/** The plugins' `actorReplies`, in boot order. */
export function actorRepliesOf(handlers: readonly FederationObjectHandler[]): ActorReplies[] {
  return handlers.flatMap((handler) => (handler.actorReplies ? [handler.actorReplies] : []));
}

/**
 * The replies collection a local actor has: the first plugin (boot order) whose `actorReplies` takes
 * its type and loads a row for it, or null when none does. Only actors of a claimed type cost a query.
 */
export async function claimActorReplies(all: readonly ActorReplies[], actor: LocalActor, services: () => Services): Promise<ClaimedActorReplies | null> {
  for (const replies of all) {
    if (!replies.actorTypes.includes(actor.type)) continue;
    const row = await replies.load({ id: actor.id, type: actor.type, username: actor.username, uri: actor.uri }, services());
    if (row !== null && row !== undefined) return { replies, row };
  }
  return null;
}
