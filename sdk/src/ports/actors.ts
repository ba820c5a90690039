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
  /** Hold follow requests until the owner accepts them (a community with approval of followers). */
  manuallyApprovesFollowers?: boolean;
}

/** What may change on a local non-Person actor; undefined leaves a field as it is, null clears it. */
export interface UpdateLocalActorInput {
  displayName?: string | null;
  summary?: string | null;
  avatarUrl?: string | null;
  manuallyApprovesFollowers?: boolean;
}

/** Local and remote actors and their keys. Persons are made through accounts (sign-up). */
export interface ActorsPort {
  byId(id: string, tx?: Executor): Promise<ActorRecord | null>;
  byUsername(username: string, tx?: Executor): Promise<ActorRecord | null>;
  /** Make a local Group, Organization, Service or Application actor with its key pairs. */
  createLocal(input: CreateLocalActorInput, tx?: Executor): Promise<ActorRecord>;
  /** Change a local Group, Organization, Service or Application actor made with createLocal. */
  updateLocal(id: string, input: UpdateLocalActorInput, tx?: Executor): Promise<ActorRecord>;
  /** Mark a local non-Person actor deleted: lookups, WebFinger and its documents stop finding it. */
  deleteLocal(id: string, tx?: Executor): Promise<void>;
  /** PEM-encoded RSA public key for HTTP signatures. */
  publicKeyPem(actorId: string): Promise<string>;
}
