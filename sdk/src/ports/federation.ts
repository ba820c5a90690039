import type { Executor } from './db.js';

/** Who may see an object; shared by federation, GraphQL and search. */
export type Audience =
  | { kind: 'public' }
  | { kind: 'unlisted' }
  | { kind: 'followers'; of: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'direct'; to: readonly string[] };

/**
 * Username of the Application actor that stands for the whole server (made by core at boot). It signs
 * what the server says rather than a person: signed GETs, and reports forwarded to other servers.
 */
export const INSTANCE_ACTOR_USERNAME = 'instance_actor';

export type ActivityPubObject = Record<string, unknown> & { id?: string; type?: string | string[] };

/** Core owns signing, the inbox, the outbox and delivery; plugins publish through this port. */
export interface FederationPort {
  /** Write an activity into the durable outbox inside the caller's transaction; delivery runs after commit. */
  publish(activity: ActivityPubObject, audience: Audience, options: { tx: Executor; actorId: string }): Promise<void>;
  /** Tell a local actor's followers that its profile changed (an `Update` of its actor document), in the caller's transaction. */
  publishActorUpdate(actorId: string, options: { tx: Executor }): Promise<void>;
  /** Follows and blocks between actors, local or remote, by URI. */
  follows: FollowsPort;
  /** @deprecated Use `follows.state`. */
  followState(followerUri: string, followedUri: string, options?: { tx?: Executor }): Promise<'pending' | 'accepted' | null>;
  /** @deprecated Use `follows.following(actorId, { limit })` (paged). */
  followedUris(actorId: string, options: { limit: number; tx?: Executor }): Promise<string[]>;
  /** @deprecated Use `follows.isBlocked`. */
  blockedEitherWay(actorUri: string, otherUri: string, options?: { tx?: Executor }): Promise<boolean>;
  /** Fetch (through the SSRF guard) and cache a remote object. */
  resolve(iri: string): Promise<ActivityPubObject | null>;
}

/** The most a page of `follows.following` / `follows.followers` holds; a timeline at scale joins `FollowsView` instead. */
export const MAX_FOLLOWS_PAGE = 1_000;

/** Which page of a list of follows: the first `limit` (at most MAX_FOLLOWS_PAGE), or those after `after`. */
export interface FollowsPageArgs {
  limit: number;
  /** `nextCursor` of the page before. */
  after?: string | null;
  tx?: Executor;
}

/** One page of accepted follows, most recently accepted first. */
export interface FollowsPage {
  /** The actors on the other side of each follow, with when it was accepted. */
  items: Array<{ uri: string; acceptedAt: Date }>;
  /** null on the last page. */
  nextCursor: string | null;
}

/**
 * Follows and blocks, read-only, for plugins deciding who may post into a group, whose posts fill a
 * feed, or what a block hides. An actor is named by its URI, or a local actor by its id (`viewer.actorId`).
 * Deleted actors are not listed. Follows change through core's GraphQL API and the inbox only.
 */
export interface FollowsPort {
  /** How far `follower` follows `followed`: accepted, pending (a request), or not at all. */
  state(follower: string, followed: string, options?: { tx?: Executor }): Promise<'pending' | 'accepted' | null>;
  /** Whom the actor follows (accepted follows only). */
  following(actor: string, page: FollowsPageArgs): Promise<FollowsPage>;
  /** Who follows the actor (accepted follows only). */
  followers(actor: string, page: FollowsPageArgs): Promise<FollowsPage>;
  /**
   * Whether either actor blocks the other. Core already drops what a blocked actor addresses to its
   * blocker; a plugin asks when it acts on something that names neither, such as an edit of a post it
   * filed in a Group.
   */
  isBlocked(actor: string, other: string, options?: { tx?: Executor }): Promise<boolean>;
}

/**
 * The one core relation a plugin may name in its queries: accepted follows between live actors, by
 * URI (a SQL view core keeps). Add it to the plugin's tables type to join it, for a home timeline
 * that does not fit a list of URIs:
 *
 *   type Tables = MicroblogTables & FollowsView;
 *   db.selectFrom('microblog_posts as p')
 *     .innerJoin('core_follows_accepted as f', 'f.followed_uri', 'p.author_uri')
 *     .where('f.follower_uri', '=', viewerUri)
 *
 * It is read-only; every other `core_` table stays core's.
 */
export interface FollowsView {
  core_follows_accepted: {
    follower_uri: string;
    followed_uri: string;
    accepted_at: Date;
  };
}
