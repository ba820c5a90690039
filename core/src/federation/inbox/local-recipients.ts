import type { ActivityPubDocument } from '../documents/parse-activitypub.js';
import { followState } from '../follows/follow-queries.js';
import type { Follows } from '../follows/index.js';
import { looksLikeActor } from '../remote-actors/index.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';
import { liveLocalGroupsAmong } from './group-posts.js';

/** Local recipients looked at to decide whether every one of them blocks the sender. */
export const MAX_RECIPIENTS_CONSIDERED = 100;
/** Activities a local group addressed in to/cc/audience relays to its followers (FEP-1b12). */
export const GROUP_RELAYED_TYPES: ReadonlySet<string> = new Set(['Create', 'Update', 'Delete', 'Like', 'Dislike', 'Announce', 'Undo']);

/**
 * The URIs of ours the activity names (to, cc, bto, bcc, audience, and a Follow's or Block's object),
 * each once, at most MAX_RECIPIENTS_CONSIDERED of them.
 */
export function localAddressees(activity: ActivityPubDocument, isLocal: (uri: string) => boolean): string[] {
  const addressed = [...activity.to, ...activity.cc, ...activity.bto, ...activity.bcc, ...activity.audience];
  if (activity.type === 'Follow' || activity.type === 'Block') addressed.push(activity.object?.id ?? '');
  return [...new Set(addressed.filter((uri) => isLocal(uri)))].slice(0, MAX_RECIPIENTS_CONSIDERED);
}

/** Whether the personal inbox's owner, or else every local actor among `addressees`, blocks the sender. */
export async function blockedByEveryRecipient(db: FederationDb, sender: ActorRow, recipient: ActorRow | undefined, addressees: readonly string[]): Promise<boolean> {
  let recipientIds: string[];
  if (recipient) recipientIds = [recipient.id];
  else {
    if (addressees.length === 0) return false;
    const rows = await db.selectFrom('core_actors').select('id').where('uri', 'in', addressees).where('domain', 'is', null).execute();
    recipientIds = rows.map((row) => row.id);
  }
  if (recipientIds.length === 0) return false;
  const blocking = await db.selectFrom('core_blocks').select('blocker_id').where('blocker_id', 'in', recipientIds).where('blocked_id', '=', sender.id).execute();
  return blocking.length === recipientIds.length;
}

/**
 * The local groups that relay this activity (FEP-1b12): those addressed in to, cc or audience, for a
 * relayed type, unless the activity is about the sender itself (its Update, its Delete), an Undo of a
 * Follow or Block, the group blocks the sender, or the group approves its followers and the sender is
 * not an accepted one.
 */
export async function relayingGroups(
  deps: { db: FederationDb; follows: Follows; isLocal: (uri: string) => boolean },
  activity: ActivityPubDocument,
  sender: ActorRow,
): Promise<ActorRow[]> {
  if (!activity.id || !GROUP_RELAYED_TYPES.has(activity.type ?? '')) return [];
  const object = activity.object;
  if (activity.type === 'Update' && object?.embedded && looksLikeActor(object.embedded.raw)) return [];
  if (activity.type === 'Delete' && object?.id === sender.uri) return [];
  if (activity.type === 'Undo' && (object?.embedded?.type === 'Follow' || object?.embedded?.type === 'Block')) return [];
  const addressed = [...activity.to, ...activity.cc, ...activity.audience];
  const groups = await liveLocalGroupsAmong(deps.db, addressed, deps.isLocal, MAX_RECIPIENTS_CONSIDERED);
  const relaying: ActorRow[] = [];
  for (const group of groups) {
    if (await deps.follows.blockedEitherWay(sender.id, group.id)) continue;
    // A group that approves its followers is members-only: it relays only what its accepted followers send.
    if (group.manually_approves_followers && (await followState(deps.db, sender.uri, group.uri)) !== 'accepted') continue;
    relaying.push(group);
  }
  return relaying;
}
