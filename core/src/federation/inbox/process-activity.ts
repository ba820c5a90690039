import type { Kysely } from 'kysely';
import type { ActivityPubObject, Clock, FederationObjectHandler, InboxEntry, InstanceSettings, Logger, Services } from '@commonplace/sdk/internal';
import { isDroppedActivity } from '@commonplace/sdk/internal';
import { asArray, isJsonObject } from '../documents/activitypub-values.js';
import { hostOf } from '../documents/host-of.js';
import { parseActivityPubDocument, type ActivityPubDocument, type ObjectReference } from '../documents/parse-activitypub.js';
import type { Follows } from '../follows/index.js';
import { followState } from '../follows/follow-queries.js';
import { isActivityStreamsDocument } from '../jsonld/activitystreams-context.js';
import type { Moderation } from '../moderation/index.js';
import { looksLikeActor, readActorDocument, RemoteActorError, type RemoteActors } from '../remote-actors/index.js';
import type { ActorRow, FederationDb, FederationExecutor } from '../remote-actors/tables.js';
import { verifyRequest } from '../signatures/verify-request.js';
import type { HeaderInput } from '../signatures/types.js';
import { handlersOfAddressedGroup, liveLocalGroupsAmong, type GroupPostRouting } from './group-posts.js';
import { handlersFor, isClaimed, type HandlerVerb } from './object-handlers.js';
import { InboxCommitBatcher, type InboxWrite, type WriteTogether } from './commit-batcher.js';
import { servicesInTransaction } from '../services-in-transaction.js';
import type { GroupAnnouncer } from '../groups/index.js';
import { refusalOfHandlerError } from './handler-refusal.js';

/** What the inbox answers, with the reason it logs (and sends back on refusals). */
export interface InboxOutcome {
  status: 202 | 400 | 401 | 404 | 415 | 500 | 503;
  reason: string;
  /** With 503: when the sender should try again (the Retry-After header). */
  retryAfterSeconds?: number;
  /** Short tag for logs and tests: accepted, replay, dropped, ignored, refused... */
  outcome: 'accepted' | 'replay' | 'dropped' | 'ignored' | 'refused' | 'failed';
}

export interface InboxRequest {
  /** The absolute URL the sender addressed. */
  url: string;
  headers: HeaderInput;
  contentType: string | undefined;
  rawBody: Buffer;
  /** The local actor whose personal inbox this is; undefined for the shared inbox. */
  recipientUsername?: string;
  /** The HTTP request's id, on the inbox's log line. */
  requestId?: string;
}

export interface ActivityProcessorDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  publicUrl: string;
  log: Logger;
  clock: Clock;
  remoteActors: RemoteActors;
  follows: Follows;
  moderation: Moderation;
  objectHandlers: readonly FederationObjectHandler[];
  /** Services plugin handlers receive (with `db` replaced by the inbox's transaction). */
  services: () => Services | undefined;
  /** FEP-1b12: local groups relay what is addressed to them; without it, nothing is relayed. */
  groups?: GroupAnnouncer;
}

const ACCEPTED_CONTENT_TYPES = new Set(['application/activity+json', 'application/ld+json', 'application/json']);
/** Activities committed in one transaction when the settings do not say. */
const DEFAULT_COMMIT_BATCH_MAX = 64;
/** Local recipients looked at to decide whether every one of them blocks the sender. */
export const MAX_RECIPIENTS_CONSIDERED = 100;
/** Local Groups one post is routed by (`group-posts.ts`): each may cost a plugin's look-ups. */
export const MAX_GROUPS_POSTED_TO = 10;
/** Object URIs kept from one Flag. */
export const MAX_FLAG_OBJECTS = 100;
/** Activities a local group addressed in to/cc/audience relays to its followers (FEP-1b12). */
export const GROUP_RELAYED_TYPES: ReadonlySet<string> = new Set(['Create', 'Update', 'Delete', 'Like', 'Dislike', 'Announce', 'Undo']);
/** Activities a remote group's Announce may carry that are handled as if received directly (same origin only). */
export const UNWRAPPED_RELAY_TYPES: ReadonlySet<string> = new Set(['Create', 'Update', 'Delete', 'Like', 'Undo']);

class Refusal extends Error {
  constructor(readonly outcome: InboxOutcome) {
    super(outcome.reason);
  }
}

const refuse = (status: InboxOutcome['status'], reason: string): Refusal => new Refusal({ status, reason, outcome: 'refused' });
const accepted = (reason: string, outcome: InboxOutcome['outcome'] = 'accepted'): InboxOutcome => ({ status: 202, reason, outcome });

/**
 * What the work did: a line for the log, or, when every plugin handler given the activity dropped it
 * (`dropActivity`), why; a dropped activity is not relayed by a local group.
 */
type Applied = string | { dropped: string };

/** Work to do inside the transaction, after every network lookup is done. */
type Apply = ((tx: FederationExecutor, services: Services | undefined) => Promise<Applied>) & {
  /** Set when the work is one plugin handler's, which has an `onMany` for its verb. */
  batchable?: PluginWrite;
};

type BatchVerb = Exclude<HandlerVerb, 'Flag'>;

/** One activity for a plugin handler that can take many at once (its `onMany[verb]`). */
interface PluginWrite {
  handler: FederationObjectHandler;
  verb: BatchVerb;
  entry: InboxEntry;
  done: string;
}

/**
 * The inbox's pipeline: signature (and digest) -> JSON -> ActivityStreams context -> parse -> signer is
 * the actor -> blocks -> dedupe -> origin checks -> routing, everything stored in one transaction with
 * the dedupe row. Each refusal is one log line with its reason, and stores nothing.
 */
export class ActivityProcessor {
  private readonly db: FederationDb;
  private readonly log: Logger;
  private readonly publicHost: string;

  private readonly commits: InboxCommitBatcher;
  private readonly groupPosts: GroupPostRouting;

  constructor(private readonly deps: ActivityProcessorDeps) {
    this.db = deps.db as FederationDb;
    this.commits = new InboxCommitBatcher(this.db, deps.clock, deps.settings.federation.inboxCommitBatchMax ?? DEFAULT_COMMIT_BATCH_MAX);
    this.log = deps.log.child({ module: 'federation.inbox' });
    this.publicHost = new URL(deps.publicUrl).host.toLowerCase();
    this.groupPosts = {
      db: this.db,
      blockedEitherWay: (a, b) => deps.follows.blockedEitherWay(a, b),
      objectHandlers: deps.objectHandlers,
      services: deps.services,
      isLocal: (uri) => this.isLocalUri(uri),
      maxCandidates: MAX_RECIPIENTS_CONSIDERED,
      maxGroups: MAX_GROUPS_POSTED_TO,
    };
  }

  private isLocalUri(uri: string): boolean {
    return hostOf(uri) === this.publicHost;
  }

  /** Activities that passed every check and went to be committed, since the process started. */
  get submittedToCommit(): number {
    return this.commits.submitted;
  }

  async receive(request: InboxRequest): Promise<InboxOutcome> {
    const context: Record<string, unknown> = { inbox: request.recipientUsername ?? 'shared' };
    if (request.requestId !== undefined) context.reqId = request.requestId;
    let outcome: InboxOutcome;
    try {
      outcome = await this.process(request, context);
    } catch (error) {
      const refusal = error instanceof Refusal ? error.outcome : refusalOfHandlerError(error);
      if (refusal) outcome = refusal;
      else {
        this.log.error({ ...context, err: error }, 'inbox failed: nothing was stored; the sender may retry');
        return { status: 500, reason: 'the activity could not be processed; retry later', outcome: 'failed' };
      }
    }
    // What was refused, dropped or ignored is worth an operator's eye; the ordinary accepted activity
    // (thousands a second on a busy server) is a debug line, not even put together unless written.
    const level = outcome.outcome === 'accepted' ? 'debug' : 'info';
    if (level === 'info' || writesAt(this.log, level)) {
      const message = outcome.outcome === 'refused' ? `inbox refused: ${outcome.reason}` : `inbox ${outcome.outcome}: ${outcome.reason}`;
      this.log[level]({ ...context, status: outcome.status, outcome: outcome.outcome, reason: outcome.reason }, message);
    }
    return outcome;
  }

  private async process(request: InboxRequest, context: Record<string, unknown>): Promise<InboxOutcome> {
    const essence = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED_CONTENT_TYPES.has(essence)) {
      throw new Refusal({ status: 415, reason: `content type ${essence ? `"${essence}"` : 'missing'}; expected application/activity+json or application/ld+json`, outcome: 'refused' });
    }
    let recipient: ActorRow | undefined;
    if (request.recipientUsername !== undefined) {
      recipient = await this.localActorByUsername(request.recipientUsername);
      if (!recipient) throw refuse(404, `no local actor named ${request.recipientUsername}`);
    }

    const federation = this.deps.settings.federation;
    // Allow-list mode: an activity whose actor is on a host not allowed is dropped before any key is fetched from it.
    if (federation.mode === 'allowlist') {
      const claimedHost = claimedActorHost(request.rawBody);
      if (claimedHost && !(await this.deps.moderation.cachedIsAllowedDomain(claimedHost))) {
        context.actorHost = claimedHost;
        return accepted(`${claimedHost} is not on the allow-list: dropped`, 'dropped');
      }
    }
    const verified = await verifyRequest(
      { method: 'POST', url: request.url, headers: request.headers, rawBody: request.rawBody },
      {
        keyResolver: this.deps.remoteActors.keyResolver,
        refreshKey: this.deps.remoteActors.refreshKey,
        clock: this.deps.clock,
        limits: { signatureMaxSkewSeconds: federation.signatureMaxSkewSeconds, signatureMaxAgeSeconds: federation.signatureMaxAgeSeconds },
      },
    ).catch((error: unknown) => {
      refuseWhenBusy(error);
      throw error;
    });
    if (!verified.ok) {
      context.keyId = verified.keyId;
      if (verified.code === 'unknown-key' && (await this.isDeleteOfUnknownActor(request.rawBody))) {
        return accepted('Delete of an actor we never knew (its key is gone): ignored', 'ignored');
      }
      throw refuse(401, `signature: ${verified.reason}`);
    }
    context.keyId = verified.keyId;

    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw refuse(400, 'the body is not JSON');
    }
    if (!isActivityStreamsDocument(json)) throw refuse(400, 'the document does not use the ActivityStreams context');
    const parsed = parseActivityPubDocument(json);
    if (!parsed.ok) throw refuse(400, `malformed activity: ${parsed.reason}`);
    const activity = parsed.document;
    context.activityId = activity.id;
    context.type = activity.type;
    context.actor = activity.actor;
    if (!activity.actor) throw refuse(400, 'the activity has no actor');
    if (activity.actors.length > 1) throw refuse(400, 'activities with several actors are not accepted');
    if (verified.ownerId !== activity.actor) {
      throw refuse(401, `signed by ${verified.ownerId}'s key, but the activity's actor is ${activity.actor}`);
    }
    const actorHost = hostOf(activity.actor);
    if (!actorHost) throw refuse(400, `actor ${activity.actor} is not a URL`);

    if (federation.mode === 'allowlist' && !(await this.deps.moderation.cachedIsAllowedDomain(actorHost))) {
      return accepted(`${actorHost} is not on the allow-list: dropped`, 'dropped');
    }
    const block = await this.deps.moderation.cachedDomainBlockFor(actorHost);
    if (block?.severity === 'reject') return accepted(`${actorHost} is blocked (domain block on ${block.domain}): dropped`, 'dropped');

    // Replays are found by the dedupe insert in the transaction (commit-batcher.ts): no query here.
    const sender = await this.senderRow(activity.actor);
    // Most of what reaches the shared inbox names none of our actors (it is addressed to the sender's
    // followers): then no local recipient can block it and no local group relays it, with no look-up.
    const localAddressees = recipient ? [] : this.localAddressees(activity);
    const namesUs = recipient !== undefined || localAddressees.length > 0;
    if (namesUs && (await this.blockedByEveryRecipient(sender, recipient, localAddressees))) {
      return accepted(`every local recipient blocks ${activity.actor}: dropped`, 'dropped');
    }

    const apply = await this.plan(activity, sender);
    if (!apply) return accepted(`${activity.type} is not handled here: ignored`, 'ignored');
    const groups = namesUs ? await this.relayingGroups(activity, sender) : [];

    const write: InboxWrite = {
      activityId: activity.id ?? null,
      write: async (tx) => {
        const applied = await apply(tx, this.servicesIn(tx));
        if (typeof applied !== 'string') return accepted(applied.dropped, 'dropped');
        let done = applied;
        for (const group of groups) {
          await this.deps.groups!.announceToGroupFollowers(group.id, activity.raw as ActivityPubObject, { tx });
          done += `; relayed by the group ${group.username}`;
        }
        return accepted(done);
      },
    };
    if (apply.batchable && groups.length === 0) write.together = this.together(apply.batchable);
    return this.commits.submit(write);
  }

  private servicesIn(tx: FederationExecutor): Services | undefined {
    const services = this.deps.services();
    return services ? servicesInTransaction(services, tx) : undefined;
  }

  /** Lets the commit batcher hand this activity, with its neighbours for the same handler and verb, to one `onMany` call. */
  private together(pluginWrite: PluginWrite): WriteTogether<PluginWrite> {
    return {
      key: `${this.deps.objectHandlers.indexOf(pluginWrite.handler)}:${pluginWrite.verb}`,
      entry: pluginWrite,
      writeAll: async (tx, writes) => {
        const services = this.servicesIn(tx);
        if (!services) throw new Error('object handlers need the instance services');
        await pluginWrite.handler.onMany![pluginWrite.verb]!(
          writes.map((write) => write.entry),
          services,
        );
        return writes.map((write) => accepted(`${write.done} (one call for ${writes.length})`));
      },
    };
  }

  /**
   * Origin checks and routing, before the transaction: every lookup over the network happens here, so
   * the transaction only writes. Returns null for activities nobody handles.
   */
  private async plan(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply | null> {
    const object = activity.object;
    const senderHost = hostOf(sender.uri)!;
    const objectId = object?.id ?? null;

    switch (activity.type) {
      case 'Follow': {
        if (!objectId) throw refuse(400, 'Follow without an object');
        const followed = await this.localActorByUri(objectId);
        if (!followed) return async () => `Follow of ${objectId}, not a local actor: ignored`;
        if (!activity.id) throw refuse(400, 'Follow without an id cannot be accepted or undone');
        if (await this.deps.follows.blockedEitherWay(sender.id, followed.id)) return async () => `Follow of ${followed.username} across a block: ignored`;
        return async (tx) => {
          const follow = await this.deps.follows.receiveFollow(tx, sender, followed, activity.id!);
          return `Follow of ${followed.username} by ${sender.uri}: ${follow.state}`;
        };
      }
      case 'Accept':
      case 'Reject': {
        if (!object) throw refuse(400, `${activity.type} without an object`);
        const embedded = object.embedded;
        if (embedded && embedded.type !== 'Follow') return async () => `${activity.type} of a ${embedded.type}: ignored`;
        if (embedded?.object?.id && embedded.object.id !== sender.uri) {
          throw refuse(400, `${activity.type} by ${sender.uri} of a Follow of ${embedded.object.id}`);
        }
        const reference = { id: object.id, followerUri: embedded?.actor ?? null };
        return async (tx) => {
          const matched =
            activity.type === 'Accept' ? await this.deps.follows.receiveAccept(tx, sender, reference) : await this.deps.follows.receiveReject(tx, sender, reference);
          return matched ? `${activity.type} of our Follow of ${sender.uri}` : `${activity.type} matched no Follow of ours: ignored`;
        };
      }
      case 'Block': {
        if (!objectId) throw refuse(400, 'Block without an object');
        const blocked = await this.localActorByUri(objectId);
        if (!blocked) return async () => `Block of ${objectId}, not a local actor: ignored`;
        return async (tx) => {
          await this.deps.follows.receiveBlock(tx, sender, blocked);
          return `${sender.uri} blocks ${blocked.username}`;
        };
      }
      case 'Undo':
        return this.planUndo(activity, sender);
      case 'Update': {
        if (!object?.embedded) throw refuse(400, 'Update without an embedded object');
        const embedded = object.embedded;
        if (looksLikeActor(embedded.raw)) {
          if (embedded.id !== sender.uri) throw refuse(400, `${sender.uri} may not update another actor (${embedded.id})`);
          const reading = readActorDocument(embedded.raw);
          if (!reading.ok) throw refuse(400, `Update of the actor: ${reading.reason}`);
          return async (tx) => {
            await this.deps.remoteActors.store(reading.actor, undefined, tx);
            return `actor ${sender.uri} refreshed from its Update`;
          };
        }
        this.checkOwnObject(activity, embedded.id, senderHost);
        this.checkAttribution(embedded.attributedTo, senderHost);
        return this.planPost(activity, sender, 'Update', embedded.raw as ActivityPubObject);
      }
      case 'Create': {
        if (!object?.embedded) throw refuse(400, 'Create without an embedded object');
        const embedded = object.embedded;
        this.checkOwnObject(activity, embedded.id, senderHost);
        this.checkAttribution(embedded.attributedTo, senderHost);
        return this.planPost(activity, sender, 'Create', embedded.raw as ActivityPubObject);
      }
      case 'Delete': {
        if (!objectId) throw refuse(400, 'Delete without an object');
        if (objectId === sender.uri) {
          return async (tx) => {
            await this.deps.follows.removeAllFollowsOf(tx, sender.id);
            await tx.updateTable('core_actors').set({ deleted_at: this.deps.clock.now() }).where('id', '=', sender.id).execute();
            this.deps.remoteActors.forget(sender.uri);
            return `actor ${sender.uri} deleted`;
          };
        }
        this.checkOwnObject(activity, objectId, senderHost);
        const target = object?.embedded ? (object.embedded.raw as ActivityPubObject) : { id: objectId };
        return this.planPlugins(activity, 'Delete', target);
      }
      case 'Announce':
        return this.planAnnounce(activity, sender);
      case 'Like': {
        if (!objectId && !object?.embedded) throw refuse(400, 'Like without an object');
        return this.planPlugins(activity, 'Like', object?.embedded ? (object.embedded.raw as ActivityPubObject) : { id: objectId! });
      }
      case 'Flag':
        return this.planFlag(activity, sender);
      default:
        return null;
    }
  }

  /**
   * The local groups that relay this activity (FEP-1b12): those addressed in to, cc or audience, for a
   * relayed type, unless the activity is about the sender itself (its Update, its Delete), an Undo of a
   * Follow or Block, the group blocks the sender, or the group approves its followers and the sender is
   * not an accepted one.
   */
  private async relayingGroups(activity: ActivityPubDocument, sender: ActorRow): Promise<ActorRow[]> {
    if (!this.deps.groups || !activity.id || !GROUP_RELAYED_TYPES.has(activity.type ?? '')) return [];
    const object = activity.object;
    if (activity.type === 'Update' && object?.embedded && looksLikeActor(object.embedded.raw)) return [];
    if (activity.type === 'Delete' && object?.id === sender.uri) return [];
    if (activity.type === 'Undo' && (object?.embedded?.type === 'Follow' || object?.embedded?.type === 'Block')) return [];
    const addressed = [...activity.to, ...activity.cc, ...activity.audience];
    const groups = await liveLocalGroupsAmong(this.db, addressed, (uri) => this.isLocalUri(uri), MAX_RECIPIENTS_CONSIDERED);
    const relaying: ActorRow[] = [];
    for (const group of groups) {
      if (await this.deps.follows.blockedEitherWay(sender.id, group.id)) continue;
      // A group that approves its followers is members-only: it relays only what its accepted followers send.
      if (group.manually_approves_followers && (await followState(this.db, sender.uri, group.uri)) !== 'accepted') continue;
      relaying.push(group);
    }
    return relaying;
  }

  private async planUndo(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply | null> {
    const object = activity.object;
    if (!object) throw refuse(400, 'Undo without an object');
    const inner = object.embedded;
    if (inner?.actor && inner.actor !== sender.uri) throw refuse(400, `${sender.uri} may not undo an activity of ${inner.actor}`);
    if (inner?.type === 'Follow' || (!inner && object.id)) {
      const followedUri = inner?.object?.id ?? null;
      const innerId = object.id;
      const bare = !inner;
      const followMatch = bare ? await this.followIdExists(sender.id, innerId!) : true;
      if (followMatch) {
        return async (tx) => {
          const removed = await this.deps.follows.receiveUndoFollow(tx, sender, { id: innerId, followedUri });
          return removed ? `Undo(Follow) by ${sender.uri}` : `Undo(Follow) matched no follow: ignored`;
        };
      }
    }
    if (inner?.type === 'Block') {
      const blocked = inner.object?.id ? await this.localActorByUri(inner.object.id) : null;
      if (!blocked) return async () => 'Undo(Block) of a non-local actor: ignored';
      return async (tx) => {
        const removed = await this.deps.follows.receiveUndoBlock(tx, sender, blocked);
        return removed ? `Undo(Block) by ${sender.uri}` : 'Undo(Block) matched no block: ignored';
      };
    }
    // Undo of a Like, Announce, Create...: the undone activity goes to the handler of its object.
    const undone: ActivityPubObject = inner ? (inner.raw as ActivityPubObject) : { id: object.id! };
    const innerObject = inner?.object?.embedded ? (inner.object.embedded.raw as ActivityPubObject) : undefined;
    return this.planPlugins(activity, 'Undo', undone, innerObject ?? { id: inner?.object?.id ?? object.id ?? undefined });
  }

  private async planAnnounce(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply | null> {
    const object = activity.object;
    if (!object) throw refuse(400, 'Announce without an object');
    const embedded = object.embedded;
    // FEP-1b12, receiving side: a group relays activities wrapped in an Announce. One whose actor lives on
    // the group's own host is vouched for by the group's signature (the same origin), so it is handled as
    // if that actor had sent it, with every origin check applied to it. Others are fetched from their origin below.
    if (embedded && UNWRAPPED_RELAY_TYPES.has(embedded.type) && embedded.actor && hostOf(embedded.actor) === hostOf(sender.uri)) {
      if (embedded.id && (await this.alreadySeen(embedded.id))) return async () => `relayed ${embedded.type} ${embedded.id}: already handled`;
      const innerSender = embedded.actor === sender.uri ? sender : await this.senderRow(embedded.actor);
      const inner = await this.plan(embedded, innerSender);
      if (!inner) return async () => `relayed ${embedded.type} is not handled here: ignored`;
      return async (tx, services) => {
        const applied = await inner(tx, services);
        return typeof applied === 'string' ? `relayed by ${sender.uri}: ${applied}` : { dropped: `relayed by ${sender.uri}: ${applied.dropped}` };
      };
    }
    // The announcer's own object, embedded: taken as it is only when it also lives on the announcer's host
    // (as a Create's object must), or an actor anywhere could rewrite, or take down, copies of others' objects.
    if (embedded && embedded.attributedTo.includes(sender.uri) && embedded.id && hostOf(embedded.id) === hostOf(sender.uri)) {
      return this.planPlugins(activity, 'Announce', embedded.raw as ActivityPubObject);
    }
    const id = object.id ?? embedded?.id;
    if (!id) throw refuse(400, 'Announce of an object without an id');
    if (hostOf(id) === this.publicHost) return this.planPlugins(activity, 'Announce', embedded ? (embedded.raw as ActivityPubObject) : { id });
    // Not vouched for by the announcer: only its origin says what it is.
    try {
      const fetched = await this.deps.remoteActors.fetchDocument(id, 'activitypub');
      if (!isJsonObject(fetched.json)) return async () => `announced object ${id} is not an object: ignored`;
      return this.planPlugins(activity, 'Announce', fetched.json as ActivityPubObject);
    } catch (error) {
      refuseWhenBusy(error);
      const reason = error instanceof RemoteActorError ? error.reason : String(error);
      return async () => `announced object ${id} could not be fetched from its origin (${reason}): ignored`;
    }
  }

  private async planFlag(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply> {
    const uris = [...new Set(activity.objects.map((reference: ObjectReference) => reference.id).filter((id): id is string => !!id))].slice(0, MAX_FLAG_OBJECTS);
    if (uris.length === 0) throw refuse(400, 'Flag without objects');
    const targets = await this.db
      .selectFrom('core_actors')
      .select(['id', 'uri'])
      .where('uri', 'in', uris)
      .where('domain', 'is', null)
      .execute();
    const target = uris.map((uri) => targets.find((row) => row.uri === uri)).find((row) => row !== undefined);
    const reason = activity.content ?? activity.summary ?? null;
    // Plugins whose objects are flagged are told too (their own moderators' queues); core's report stays.
    const told = uris.map((uri) => this.planPlugins(activity, 'Flag', { id: uri }));
    return async (tx, services) => {
      const report = await this.deps.moderation.fileReport(
        { reporterId: sender.id, targetActorId: target?.id ?? null, objectUris: uris, reason: reason?.slice(0, 5000) ?? null, activityUri: activity.id },
        tx,
      );
      for (const tell of told) await tell?.(tx, services);
      return `Flag from ${sender.uri} filed as report ${report.id}`;
    };
  }

  /**
   * A Create or Update: the handler that claims the object by type and `matches`, or, when none claims
   * it, the plugin whose Group it is posted to (`group-posts.ts`: a Mastodon user mentioning a community).
   */
  private async planPost(activity: ActivityPubDocument, sender: ActorRow, verb: 'Create' | 'Update', object: ActivityPubObject): Promise<Apply | null> {
    let handlers = handlersFor(this.deps.objectHandlers, object, verb);
    if (handlers.length === 0 && !isClaimed(this.deps.objectHandlers, object)) {
      handlers = await handlersOfAddressedGroup(this.groupPosts, sender.id, activity, object, verb);
    }
    return this.planPlugins(activity, verb, object, object, handlers);
  }

  private planPlugins(
    activity: ActivityPubDocument,
    verb: HandlerVerb,
    object: ActivityPubObject,
    routeBy: ActivityPubObject = object,
    handlers: readonly FederationObjectHandler[] = handlersFor(this.deps.objectHandlers, routeBy, verb),
  ): Apply | null {
    const label = asArray(routeBy.type).join(',') || routeBy.id || 'object';
    if (handlers.length === 0) {
      return async () => `${verb} of ${label}: no plugin handles it; ignored`;
    }
    const done = `${verb} of ${label} handled by ${handlers.length} plugin handler(s)`;
    const apply: Apply = async (_tx, services) => {
      if (!services) throw new Error('object handlers need the instance services');
      const drops: string[] = [];
      for (const handler of handlers) {
        const result = await handler.on![verb]!(activity.raw as ActivityPubObject, object, services);
        if (isDroppedActivity(result)) drops.push(result.reason);
      }
      return drops.length === handlers.length ? { dropped: `${verb} of ${label} dropped by the plugin: ${drops.join('; ')}` } : done;
    };
    const only = handlers.length === 1 ? handlers[0]! : undefined;
    if (only && verb !== 'Flag' && typeof only.onMany?.[verb] === 'function') {
      apply.batchable = { handler: only, verb, entry: { activity: activity.raw as ActivityPubObject, object }, done };
    }
    return apply;
  }

  /** A Create's, Update's or Delete's object must live on the actor's host. */
  private checkOwnObject(activity: ActivityPubDocument, objectId: string | null, senderHost: string): void {
    if (!objectId) {
      if (activity.type === 'Create') throw refuse(400, 'Create of an object without an id');
      return;
    }
    const host = hostOf(objectId);
    if (host !== senderHost) throw refuse(400, `origin mismatch: ${activity.type} by an actor on ${senderHost} of an object on ${host ?? objectId}`);
  }

  private checkAttribution(attributedTo: readonly string[], senderHost: string): void {
    const foreign = attributedTo.find((author) => hostOf(author) !== senderHost);
    if (foreign) throw refuse(400, `origin mismatch: the object is attributed to ${foreign}, not to an actor on ${senderHost}`);
  }

  private async senderRow(uri: string): Promise<ActorRow> {
    const cached = await this.deps.remoteActors.liveByUri(uri);
    if (cached) return cached;
    try {
      return await this.deps.remoteActors.resolveByUrl(uri, { refresh: true });
    } catch (error) {
      refuseWhenBusy(error);
      throw refuse(401, `the actor ${uri} could not be resolved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The URIs of ours the activity names (to, cc, bto, bcc, audience, and a Follow's or Block's object),
   * each once, at most MAX_RECIPIENTS_CONSIDERED of them.
   */
  private localAddressees(activity: ActivityPubDocument): string[] {
    const addressed = [...activity.to, ...activity.cc, ...activity.bto, ...activity.bcc, ...activity.audience];
    if (activity.type === 'Follow' || activity.type === 'Block') addressed.push(activity.object?.id ?? '');
    return [...new Set(addressed.filter((uri) => this.isLocalUri(uri)))].slice(0, MAX_RECIPIENTS_CONSIDERED);
  }

  /** Whether the personal inbox's owner, or else every local actor among `localAddressees`, blocks the sender. */
  private async blockedByEveryRecipient(sender: ActorRow, recipient: ActorRow | undefined, localAddressees: readonly string[]): Promise<boolean> {
    let recipientIds: string[];
    if (recipient) recipientIds = [recipient.id];
    else {
      if (localAddressees.length === 0) return false;
      const rows = await this.db.selectFrom('core_actors').select('id').where('uri', 'in', localAddressees).where('domain', 'is', null).execute();
      recipientIds = rows.map((row) => row.id);
    }
    if (recipientIds.length === 0) return false;
    const blocking = await this.db
      .selectFrom('core_blocks')
      .select('blocker_id')
      .where('blocker_id', 'in', recipientIds)
      .where('blocked_id', '=', sender.id)
      .execute();
    return blocking.length === recipientIds.length;
  }

  private async isDeleteOfUnknownActor(rawBody: Buffer): Promise<boolean> {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return false;
    }
    const parsed = parseActivityPubDocument(json);
    if (!parsed.ok || parsed.document.type !== 'Delete' || !parsed.document.actor) return false;
    if (parsed.document.object?.id !== parsed.document.actor) return false;
    return (await this.deps.remoteActors.byUri(parsed.document.actor)) === null;
  }

  private async alreadySeen(activityId: string): Promise<boolean> {
    const row = await this.db.selectFrom('core_inbox_seen').select('activity_uri').where('activity_uri', '=', activityId).executeTakeFirst();
    return row !== undefined;
  }

  private async followIdExists(followerId: string, activityUri: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('core_follows')
      .select('id')
      .where('follower_id', '=', followerId)
      .where('activity_uri', '=', activityUri)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async localActorByUsername(username: string): Promise<ActorRow | undefined> {
    return this.db
      .selectFrom('core_actors')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .where('domain', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  private async localActorByUri(uri: string): Promise<ActorRow | undefined> {
    if (hostOf(uri) !== this.publicHost) return undefined;
    return this.db.selectFrom('core_actors').selectAll().where('uri', '=', uri).where('domain', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  }
}

/** Seconds a sender is asked to wait (Retry-After) when this process's remote fetches are all taken. */
export const BUSY_RETRY_AFTER_SECONDS = 60;

/**
 * A key or actor not fetched because this process's fetches were all taken (federation.fetchConcurrency*):
 * refused with 503 and Retry-After, since the same activity may well be accepted later. Any other error
 * is left to the caller.
 */
function refuseWhenBusy(error: unknown): void {
  if (error instanceof RemoteActorError && error.busy) {
    throw new Refusal({ status: 503, reason: `${error.reason}; retry later`, outcome: 'refused', retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
  }
}

/** Whether the logger writes lines at `level` (pino's isLevelEnabled); loggers without it are asked to. */
function writesAt(log: Logger, level: 'debug'): boolean {
  const withLevels = log as Logger & { isLevelEnabled?(level: string): boolean };
  return withLevels.isLevelEnabled?.(level) ?? true;
}

/** The host of the `actor` a body claims, before its signature is checked; null when there is none to read. */
function claimedActorHost(rawBody: Buffer): string | null {
  try {
    const json = JSON.parse(rawBody.toString('utf8')) as { actor?: unknown };
    const actor = typeof json.actor === 'string' ? json.actor : isJsonObject(json.actor) && typeof json.actor.id === 'string' ? json.actor.id : null;
    return actor ? hostOf(actor) : null;
  } catch {
    return null;
  }
}
