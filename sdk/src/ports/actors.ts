import type { Executor } from './db.js';

export type ActorType = 'Person' | 'Group' | 'Organization' | 'Service' | 'Application';
export type Role = 'admin' | 'moderator' | 'member';

export interface ActorRecord {
  id: string;
  type: ActorType;
  username: string;
  /** null for local actors. */
  domain: string | null;
  displayName: string | null;
  summary: string | null;
  avatarUrl: string | null;
  /** The ActivityPub id (URL) of the actor. */
  uri: string;
  accountId: string | null;
  createdAt: Date;
}

/** Who is making the request. Anonymous requests have no viewer. */
export interface Viewer {
  accountId: string;
  actorId: string;
  username: string;
  roles: readonly Role[];
  sessionId: string;
}

export interface CreateLocalActorInput {
  type: Exclude<ActorType, 'Person'>;
  username: string;
  displayName?: string | null;
  summary?: string | null;
  avatarUrl?: string | null;
  /** The account that owns and administers the actor, if any. */
  ownerAccountId?: string | null;
}

/** Local and remote actors and their keys. Persons are made through accounts (sign-up). */
export interface ActorsPort {
  byId(id: string, tx?: Executor): Promise<ActorRecord | null>;
  byUsername(username: string, tx?: Executor): Promise<ActorRecord | null>;
  /** Make a local Group, Organization, Service or Application actor with its key pairs. */
  createLocal(input: CreateLocalActorInput, tx?: Executor): Promise<ActorRecord>;
  /** PEM-encoded RSA public key for HTTP signatures. */
  publicKeyPem(actorId: string): Promise<string>;
}
