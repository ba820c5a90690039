import type { Executor } from './db.js';

/** Who may see an object; shared by federation, GraphQL and search. */
export type Audience =
  | { kind: 'public' }
  | { kind: 'unlisted' }
  | { kind: 'followers'; of: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'direct'; to: readonly string[] };

export type ActivityPubObject = Record<string, unknown> & { id?: string; type?: string | string[] };

/** Core owns signing, the inbox, the outbox and delivery; plugins publish through this port. */
export interface FederationPort {
  /** Write an activity into the durable outbox inside the caller's transaction; delivery runs after commit. */
  publish(activity: ActivityPubObject, audience: Audience, options: { tx: Executor; actorId: string }): Promise<void>;
  /** Fetch (through the SSRF guard) and cache a remote object. */
  resolve(iri: string): Promise<ActivityPubObject | null>;
}
