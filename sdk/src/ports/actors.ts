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

/** What may change on a local Person's profile; undefined leaves a field as it is, null (or blank) clears it. */
export interface ProfileUpdate {
  displayName?: string | null;
  summary?: string | null;
  avatarUrl?: string | null;
}

/**
 * Fields a plugin adds to the ActivityPub documents of local actors (manifest `federation.actorFields`):
 * profile fields as `attachment` PropertyValues, `featured`, `alsoKnownAs`. Core keeps the fields it
 * owns (ids, keys, inbox and collections, names, icon, dates): a plugin's value for one of those is
 * dropped. Asked when the document is served and when core federates an Update of the actor, so the
 * answer must not depend on who fetches. Empty, or undefined, adds nothing.
 */
export type ActorFields<S = unknown> = (actor: ActorRecord, services: S) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

/** Local and remote actors and their keys. Persons are made through accounts (sign-up). */
export interface ActorsPort {
  byId(id: string, tx?: Executor): Promise<ActorRecord | null>;
  byUsername(username: string, tx?: Executor): Promise<ActorRecord | null>;
  /** A live actor (local, or remote and cached) by its ActivityPub id; null when none is known. Fetches nothing. */
  byUri(uri: string, tx?: Executor): Promise<ActorRecord | null>;
  /**
   * The actor a handle `@user@host` names: a local one from the database, a remote one through
   * WebFinger and core's SSRF guard, then cached as remote actors are (federation.remoteActorCacheTtlSeconds).
   * null when the host says there is no such actor; BAD_USER_INPUT for text that is not a handle;
   * SERVICE_UNAVAILABLE when the host cannot be reached.
   */
  resolveHandle(handle: string): Promise<ActorRecord | null>;
  /**
   * Change a local Person's display name, summary or avatar, checked as the person's own edit is, and
   * federate an `Update` of the actor to its followers in the same transaction (`tx`, or one of its own).
   */
  updateProfile(actorId: string, input: ProfileUpdate, tx?: Executor): Promise<ActorRecord>;
  /** Make a local Group, Organization, Service or Application actor with its key pairs. */
  createLocal(input: CreateLocalActorInput, tx?: Executor): Promise<ActorRecord>;
  /** Change a local Group, Organization, Service or Application actor made with createLocal. */
  updateLocal(id: string, input: UpdateLocalActorInput, tx?: Executor): Promise<ActorRecord>;
  /** Mark a local non-Person actor deleted: lookups, WebFinger and its documents stop finding it. */
  deleteLocal(id: string, tx?: Executor): Promise<void>;
  /** PEM-encoded RSA public key for HTTP signatures. */
  publicKeyPem(actorId: string): Promise<string>;
}
