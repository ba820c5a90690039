import type { ActivityPubObject, FederationObjectHandler, RepliedActor, Services } from '@commonplace/sdk/internal';
import { asArray, idOf, idsOf } from '../documents/activitypub-values.js';
import type { ActivityPubDocument } from '../documents/parse-activitypub.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';
import type { HandlerVerb } from './object-handlers.js';

/** Verbs whose object may be a post into a Group: its creation and its edits. */
const POST_VERBS: ReadonlySet<HandlerVerb> = new Set(['Create', 'Update']);

export interface GroupPostRouting {
  db: FederationDb;
  /** Whether either of two actors blocks the other: a Group and a sender across a block share nothing. */
  blockedEitherWay(a: string, b: string): Promise<boolean>;
  objectHandlers: readonly FederationObjectHandler[];
  /** The services a handler's plugin sees (outside any transaction: the routing only reads). */
  services(handler: FederationObjectHandler): Services | undefined;
  /** Whether a URI names something on this instance. */
  isLocal(uri: string): boolean;
  /** The most addressees looked at. */
  maxCandidates: number;
  /** The most of our Groups among them whose handlers are asked (each ask may query). */
  maxGroups: number;
}

/**
 * How a handler says which Groups are its plugin's: `groupPosts.owns`, or (deprecated) a row from
 * `actorReplies.load` when it covers Groups and the handler declares no `groupPosts`. Null: it takes no
 * Group posts.
 */
export function groupOwnership(handler: FederationObjectHandler): ((group: RepliedActor, services: Services) => Promise<boolean>) | null {
  if (handler.groupPosts === false) return null;
  if (handler.groupPosts) {
    const groupPosts = handler.groupPosts;
    return (group, services) => groupPosts.owns(group, services);
  }
  const replies = handler.actorReplies;
  if (replies?.actorTypes.includes('Group')) return async (group, services) => (await replies.load(group, services)) !== null;
  return null;
}

/**
 * FEP-1b12 posts from servers that know nothing of our plugins: a Create or Update of a typed object
 * that answers (`inReplyTo`) or is addressed to (to, cc, audience; a Mastodon mention puts the Group in
 * cc) one of our Groups goes to the handler that says the Group is its plugin's (`groupPosts`), whether
 * or not other handlers also take the object. That is how a Mastodon user posts into a community by
 * mentioning it. The replied-to Group comes first, then the addressees in order, and handlers in boot
 * order; a Group the sender blocks or is blocked by is passed over.
 *
 * An Update that names none of our Groups may be an edit that dropped the mention: Mastodon takes the
 * Group out of cc but still sends the edit to its inbox. Every such handler gets it and ignores an
 * object it does not hold (as with a bare id); one that holds it keeps it where it was filed. Not when
 * a Group it names is across a block. Empty when no handler gets the object.
 */
export async function handlersOfAddressedGroup(
  routing: GroupPostRouting,
  senderId: string,
  activity: ActivityPubDocument,
  object: ActivityPubObject,
  verb: HandlerVerb,
): Promise<FederationObjectHandler[]> {
  if (!POST_VERBS.has(verb)) return [];
  const types = asArray(object.type).filter((type): type is string => typeof type === 'string');
  const candidates = routing.objectHandlers.flatMap((handler) => {
    const owns = groupOwnership(handler);
    return owns && typeof handler.on?.[verb] === 'function' && handler.types.some((type) => types.includes(type)) ? [{ handler, owns }] : [];
  });
  if (candidates.length === 0) return [];

  const addressed = [idOf(object.inReplyTo), ...idsOf(object.to), ...idsOf(object.cc), ...idsOf(object.audience), ...activity.to, ...activity.cc, ...activity.audience];
  const groups = await liveLocalGroupsAmong(routing.db, addressed, routing.isLocal, routing.maxCandidates);
  let acrossABlock = false;
  for (const group of groups.slice(0, routing.maxGroups)) {
    if (await routing.blockedEitherWay(senderId, group.id)) {
      acrossABlock = true;
      continue;
    }
    for (const { handler, owns } of candidates) {
      const services = routing.services(handler);
      if (services && (await owns(group, services))) return [handler];
    }
  }
  return verb === 'Update' && !acrossABlock ? candidates.map(({ handler }) => handler) : [];
}

/**
 * Our live Groups among `uris`, in their order: the URIs on this instance, the first `max` distinct
 * ones looked up. What a post is routed by here, and which Groups relay an activity (FEP-1b12).
 */
export async function liveLocalGroupsAmong(db: FederationDb, uris: ReadonlyArray<string | null>, isLocal: (uri: string) => boolean, max: number): Promise<ActorRow[]> {
  const local = [...new Set(uris.filter((uri): uri is string => uri !== null && isLocal(uri)))].slice(0, max);
  if (local.length === 0) return [];
  const groups = await db
    .selectFrom('core_actors')
    .selectAll()
    .where('uri', 'in', local)
    .where('type', '=', 'Group')
    .where('domain', 'is', null)
    .where('deleted_at', 'is', null)
    .execute();
  return groups.sort((a, b) => local.indexOf(a.uri) - local.indexOf(b.uri));
}
