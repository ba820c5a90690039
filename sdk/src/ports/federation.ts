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
  /** How far the actor `followerUri` follows `followedUri` (either may be local or remote): accepted, pending, or not at all. */
  followState(followerUri: string, followedUri: string, options?: { tx?: Executor }): Promise<'pending' | 'accepted' | null>;
  /** URIs of the actors the local actor `actorId` follows (accepted), most recently accepted first, at most `limit`. */
  followedUris(actorId: string, options: { limit: number; tx?: Executor }): Promise<string[]>;
  /**
   * Whether either actor blocks the other (either may be local or remote), by actor URI. Core already
   * drops what a blocked actor addresses to its blocker; a plugin asks when it acts on something that
   * names neither, such as an edit of a post it filed in a Group.
   */
  blockedEitherWay(actorUri: string, otherUri: string, options?: { tx?: Executor }): Promise<boolean>;
  /** Fetch (through the SSRF guard) and cache a remote object. */
  resolve(iri: string): Promise<ActivityPubObject | null>;
}
