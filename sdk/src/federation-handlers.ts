/**
 * How a plugin's objects take part in federation: the object handlers (`federation.objects` in a
 * plugin's manifest), the verbs they answer, and the collections core serves for them.
 */
import type { ActivityPubObject } from './ports/federation.js';
import type { ActorFields, ActorRecord, ActorType } from './ports/actors.js';
import type { CollectionItemsPage, CollectionPageQuery, FederatedFetcher } from './federated-collections.js';
import type { Services } from './ports/services.js';

/** An object handler: how a plugin's objects look on the wire and what happens when remote activities touch them. */
export interface FederationObjectHandler<Row = any, S = Services> {
  /** ActivityStreams types this handler claims (`Note`, `Document`...). */
  types: readonly string[];
  /**
   * Which objects of `types` this handler wants. Every handler whose `types` and `matches` say yes gets
   * the activity (fan-out, in boot order; docs/decisions.md): a microblog that keeps every Note and a
   * community that keeps the comments on its resources both get a Mastodon reply to a resource.
   * Required when a type is shared: boot refuses two plugins' handlers of one type unless each says
   * which objects it wants (`matches: () => true` for "all of them", said out loud).
   *
   * An activity on one of OUR objects (its id on this instance) goes only to the object's storage
   * owner: the handler whose `dispatch.path` serves that URL. The others never held it.
   */
  matches?(object: ActivityPubObject): boolean;
  /**
   * The plugin's object URLs: core serves `path` (a Fastify pattern with `:id`, under the instance's
   * root) with content negotiation and authorized fetch, loading the row and rendering it with
   * `toActivityPub`; browsers get the plugin's web page at the same `path` when it has one (its query
   * decides what the viewer sees), else `html` when given. `load` returning null answers 404; an object
   * rendered as a `Tombstone` answers 410 Gone (with the Tombstone, or the page).
   *
   * `load` is told who is fetching: the actor whose signature on the GET verified (in any
   * authorized-fetch mode), or `ANONYMOUS_FETCHER` for an anonymous fetch and for browsers; it also
   * says which local actors the signer follows. An object not addressed to the public should load
   * only for those who may see it (`fetcherMaySee`: its addressees, its actor's followers, its Group's
   * members) and be null (404, as Mastodon answers) for everyone else; core varies the answer by signer.
   */
  dispatch?: {
    path: string;
    load(id: string, services: S, fetcher: FederatedFetcher): Promise<Row | null>;
    html?(row: Row, services: S): string | Promise<string>;
  };
  /** The object as ActivityStreams JSON; core adds the ActivityStreams `@context` when it has none of its own. */
  toActivityPub?(row: Row, services: S): ActivityPubObject | Promise<ActivityPubObject>;
  /**
   * The replies to one of this handler's objects (needs `dispatch`). Core serves them at
   * `<object id>/replies` (`dispatch.path` + `/replies`) as an OrderedCollection with pages, with the
   * object's content negotiation, authorized fetch, 404 and 410; and it adds `replies` (that collection,
   * with `totalItems` and `first`) to the object it serves at its id.
   */
  replies?: ObjectReplies<Row, S>;
  /**
   * The replies to local actors that are this handler's objects: comments answering a community's
   * Group, say, whose actor document is core's. Core serves them at `<actor id>/replies` as an
   * OrderedCollection with pages, with the actor's content negotiation, authorized fetch, 404 and 410,
   * and names that collection (`replies`, its URL) in the actor's document. Needs no `dispatch`.
   *
   * Serving only. Deprecated: a handler that declares no `groupPosts` and whose `actorReplies` covers
   * `Group` still gets those Groups' posts as `groupPosts` would give them, with `actorReplies.load`
   * saying which Groups are its own. Declare `groupPosts` (or `groupPosts: false`) instead.
   */
  actorReplies?: ActorReplies<any, S>;
  /**
   * Posts into this plugin's local Groups from servers that know nothing of the plugin (FEP-1b12): a
   * `Create` or `Update` of an object of one of `types` that answers (`inReplyTo`) or is addressed to
   * (to, cc, audience) a local Group `owns` says is this plugin's goes to this handler's `on` (when it
   * has that verb), whatever other handlers also get it (a microblog keeping every Note does not stop
   * a community from getting the Note that mentions it), unless a block stands between the sender and
   * the Group. A Mastodon user mentioning a community's Group posts into it that way; `on` decides what
   * the object is to the Group, or ignores it. An `Update` of such an object that names none of our
   * Groups (an edit that dropped the mention: Mastodon still sends it to the Group's inbox) goes to
   * every such handler with `Update`: each ignores an object it does not hold, and keeps one it holds
   * where it filed it (asking `FederationPort.blockedEitherWay` when the edit names no Group to check a
   * block against). `false`: none (and no routing by `actorReplies` either).
   */
  groupPosts?: GroupPosts<S> | false;
  /**
   * Incoming activities on this handler's objects. Unhandled verbs are ignored with a log line. A `Flag`
   * is first filed in core's reports; then each handler with `Flag` gets every flagged id (`{ id }`) and
   * ignores those it does not hold (to tell its own moderators).
   *
   * A handler that keeps the activity returns nothing. One that turns it away without an error the
   * sender should see (a non-member posting into a community that approves its members, an edit across
   * a block) returns `dropActivity(reason)`: the sender still gets 202, the reason is logged, and no
   * local Group the activity is addressed to relays it to its followers (FEP-1b12). When several
   * handlers get one activity, it is relayed unless every one of them dropped it. A refusal the sender
   * should hear of is a thrown sdk error instead (BadUserInputError: 400, NotFoundError: 404...).
   */
  on?: InboxHandlers<S>;
  /**
   * Optional batch forms of `on`, for handlers that store many incoming objects at once (a microblog
   * keeping Notes: one multi-row insert instead of one per Note). The inbox commits the activities
   * that arrive together in one transaction; when several consecutive ones there go to this handler
   * with the same verb, core calls `onMany[verb]` once with all of them, in arrival order, instead of
   * `on[verb]` for each. It must have the effect of calling `on[verb]` for each entry in order. Only
   * used beside `on[verb]`, which a lone activity still gets; when a batch fails, it is rolled back
   * and each activity is retried alone with `on[verb]`. An activity addressed to a local Group always
   * goes to `on`, so that what it drops is not relayed: `onMany` reports no drops.
   */
  onMany?: Partial<Record<BatchableInboxVerb, (entries: readonly InboxEntry[], services: S) => Promise<void>>>;
}

/**
 * The verbs core gives plugin handlers (`on`). Each names the activity's type, except:
 * - `Accept`/`Reject` of something other than a Follow (a QuoteRequest, an Offer): `object` is the accepted object (or `{ id }`);
 * - `Vote`: a `Create` of a `Note` with a `name`, no `content` and `inReplyTo` one of our objects (a
 *   Mastodon poll vote): `object` is the vote's Note, routed to the handler of the Question it answers;
 * - `Move` of an object (not of an actor: core handles that and emits the `actor.moved` lifecycle event).
 * Embedded objects of `Move`, `Add`, `Remove`, `EmojiReact`, `QuoteRequest`, `Offer`, `Accept`, `Reject`
 * are passed as sent only when they live on the sender's host; otherwise as `{ id }`.
 */
export type InboxVerb =
  | 'Create' | 'Update' | 'Delete' | 'Like' | 'Announce' | 'Undo' | 'Flag'
  | 'Move' | 'Add' | 'Remove' | 'EmojiReact' | 'QuoteRequest' | 'Offer' | 'Accept' | 'Reject' | 'Vote';

/** The verbs that may also come in batches (`onMany`). */
export type BatchableInboxVerb = 'Create' | 'Update' | 'Delete' | 'Like' | 'Announce' | 'Undo';

/** One verb's handler: the activity, the object it acts on, and the plugin's services (in the inbox's transaction). */
export type InboxActivityHandler<S = Services> = (activity: ActivityPubObject, object: ActivityPubObject, services: S) => Promise<InboxHandlerResult>;

/** A handler's verbs: core's (`InboxVerb`) and those its plugin declares (`FederationContribution.verbs`). */
export type InboxHandlers<S = Services> = { [V in InboxVerb]?: InboxActivityHandler<S> } & { [verb: string]: InboxActivityHandler<S> | undefined };

/** What an `on` handler answers: nothing when it kept the activity, `dropActivity(reason)` when it turned it away. */
export type InboxHandlerResult = void | DroppedActivity;

/** An activity a plugin's handler turned away: accepted (202) but not kept, and not relayed by a local Group. */
export interface DroppedActivity {
  readonly dropped: true;
  /** Why, for the inbox's log line. */
  readonly reason: string;
}

/** The answer of an `on` handler that turns an activity away: `return dropActivity('not a member of the community')`. */
export function dropActivity(reason: string): DroppedActivity {
  return { dropped: true, reason };
}

/** Whether a handler's answer says it dropped the activity (anything else, `undefined` included, is kept). */
export function isDroppedActivity(result: unknown): result is DroppedActivity {
  return typeof result === 'object' && result !== null && (result as { dropped?: unknown }).dropped === true;
}

/** One activity given to `onMany`: the activity and the object it acts on, as `on` receives them. */
export interface InboxEntry {
  activity: ActivityPubObject;
  object: ActivityPubObject;
}

/**
 * A paged query over the replies to one object, for core to serve. Both answers are for `fetcher`
 * only: public and unlisted replies for anyone, more only for a signer entitled to them
 * (`fetcherMaySee`); deleted replies are left out. `keysetCollectionPage` makes the pages.
 */
export interface ObjectReplies<Row = any, S = Services> {
  /** How many replies `fetcher` may see: the collection's `totalItems`. */
  count(row: Row, fetcher: FederatedFetcher, services: S): Promise<number>;
  /** One page of them, in the collection's order (a thread reads oldest first): ids, or objects without `@context`. */
  page(row: Row, query: CollectionPageQuery, services: S): Promise<CollectionItemsPage>;
}

/** A local actor as core offers it to `ActorReplies.load`. */
export type RepliedActor = Pick<ActorRecord, 'id' | 'type' | 'username' | 'uri'>;

/**
 * The replies to some of the instance's local actors (a plugin's Groups), for core to serve. `load`
 * says which actors have them: for an actor of one of `actorTypes`, core asks each handler's in boot
 * order and the first that returns a row serves the collection; an actor none claims has no `replies`.
 * `count` and `page` follow the rules of `ObjectReplies` (the fetcher's view, no deleted replies).
 */
export interface ActorReplies<ActorRow = any, S = Services> extends ObjectReplies<ActorRow, S> {
  /** The actor types that may have replies here (`Group`...): core asks `load` about no others. */
  actorTypes: readonly ActorType[];
  /** The plugin's row for `actor`, or null when it is not an actor whose replies this plugin serves. */
  load(actor: RepliedActor, services: S): Promise<ActorRow | null>;
}

/** How a handler says which of the instance's local Groups are its plugin's (`groupPosts`). */
export interface GroupPosts<S = Services> {
  /** Whether `group` (a live local Group) is one of this plugin's: posts into it come to this handler's `on`. */
  owns(group: RepliedActor, services: S): Promise<boolean>;
}

export interface FederationContribution<S = Services> {
  objects?: readonly FederationObjectHandler<any, S>[];
  /** Fields this plugin adds to local actors' documents (profile `attachment`, `featured`, `alsoKnownAs`); core keeps its own. */
  actorFields?: ActorFields<S>;
  /**
   * Activity types beyond `InboxVerb` that this plugin's handlers take (`on[type]`), as core routes
   * `Add` or `Offer`: by the activity's object (embedded as sent only when it lives on the sender's
   * host). Core's own verbs (Follow, Block...) cannot be taken over; an unknown type nobody declared is
   * ignored with a log line.
   */
  verbs?: readonly string[];
}
