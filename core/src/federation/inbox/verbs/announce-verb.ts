import type { ActivityPubObject } from '@commonplace/sdk/internal';
import { isJsonObject } from '../../documents/activitypub-values.js';
import { hostOf } from '../../documents/host-of.js';
import type { ActivityPubDocument } from '../../documents/parse-activitypub.js';
import { RemoteActorError } from '../../remote-actors/index.js';
import type { ActorRow } from '../../remote-actors/tables.js';
import { refuse, refuseWhenBusy } from '../inbox-outcome.js';
import { nothingToDo, type Apply } from '../inbox-plan.js';
import type { VerbContext } from './verb-context.js';

/** Activities a remote group's Announce may carry that are handled as if received directly (same origin only). */
export const UNWRAPPED_RELAY_TYPES: ReadonlySet<string> = new Set(['Create', 'Update', 'Delete', 'Like', 'Undo']);

export async function planAnnounce(activity: ActivityPubDocument, sender: ActorRow, context: VerbContext): Promise<Apply | null> {
  const object = activity.object;
  if (!object) throw refuse(400, 'Announce without an object');
  const embedded = object.embedded;
  // FEP-1b12, receiving side: a group relays activities wrapped in an Announce. One whose actor lives on
  // the group's own host is vouched for by the group's signature (the same origin), so it is handled as
  // if that actor had sent it, with every origin check applied to it. Others are fetched from their origin below.
  if (embedded && UNWRAPPED_RELAY_TYPES.has(embedded.type) && embedded.actor && hostOf(embedded.actor) === hostOf(sender.uri)) {
    if (embedded.id && (await context.alreadySeen(embedded.id))) return nothingToDo(`relayed ${embedded.type} ${embedded.id}: already handled`);
    const innerSender = embedded.actor === sender.uri ? sender : await context.senderRow(embedded.actor);
    const inner = await context.plan(embedded, innerSender);
    if (!inner) return nothingToDo(`relayed ${embedded.type} is not handled here: ignored`);
    return async (tx, services) => {
      const applied = await inner(tx, services);
      return typeof applied === 'string' ? `relayed by ${sender.uri}: ${applied}` : { dropped: `relayed by ${sender.uri}: ${applied.dropped}` };
    };
  }
  // The announcer's own object, embedded: taken as it is only when it also lives on the announcer's host
  // (as a Create's object must), or an actor anywhere could rewrite, or take down, copies of others' objects.
  if (embedded && embedded.attributedTo.includes(sender.uri) && embedded.id && hostOf(embedded.id) === hostOf(sender.uri)) {
    return context.plugins.plan(activity, 'Announce', embedded.raw as ActivityPubObject);
  }
  const id = object.id ?? embedded?.id;
  if (!id) throw refuse(400, 'Announce of an object without an id');
  if (hostOf(id) === context.publicHost) return context.plugins.plan(activity, 'Announce', embedded ? (embedded.raw as ActivityPubObject) : { id });
  // Not vouched for by the announcer: only its origin says what it is.
  try {
    const fetched = await context.remoteActors.fetchDocument(id, 'activitypub');
    if (!isJsonObject(fetched.json)) return nothingToDo(`announced object ${id} is not an object: ignored`);
    return context.plugins.plan(activity, 'Announce', fetched.json as ActivityPubObject);
  } catch (error) {
    refuseWhenBusy(error);
    const reason = error instanceof RemoteActorError ? error.reason : String(error);
    return nothingToDo(`announced object ${id} could not be fetched from its origin (${reason}): ignored`);
  }
}
