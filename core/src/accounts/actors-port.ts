import {
  BadUserInputError,
  CommonplaceError,
  ServiceUnavailableError,
  type ActorRecord,
  type ActorsPort,
  type Executor,
} from '@commonplace/sdk/internal';
import type { AccountsService } from './accounts-service.js';
import { toActorRecord, type Actors, type ActorRecordRow } from './actors.js';
import type { AccountsDb } from './tables.js';

/**
 * What the ActorsPort needs of federation, which is made after the accounts module: connected by
 * createFederationCore (connectActorsToFederation), so accounts import nothing of federation.
 */
export interface ActorsFederationLink {
  /** `@user@host` of another host, through WebFinger and the SSRF guard; throws a typed API error when it cannot. */
  resolveRemoteHandle(handle: string): Promise<ActorRecordRow | null>;
  /** FederationPort.publishActorUpdate, in the caller's transaction. */
  publishActorUpdate(actorId: string, tx: Executor): Promise<void>;
  /** This instance's host (with its port), whose handles are local. */
  publicHost: string;
}

const links = new WeakMap<ActorsPort, { link: ActorsFederationLink | null }>();

/** Lets the ActorsPort resolve remote handles and federate profile updates. */
export function connectActorsToFederation(port: ActorsPort, link: ActorsFederationLink): void {
  const slot = links.get(port);
  if (slot) slot.link = link;
}

/** `@user@host`, `user@host` or `acct:user@host`; null when the text is not a handle. */
const HANDLE = /^(?:acct:)?@?([^@\s/:]+)@([^@\s/?#]+)$/i;

/**
 * The sdk's ActorsPort: the lookups and local actors of `Actors`, remote handles through federation,
 * and a local Person's profile changed through the accounts service (the person's own rules) with an
 * Update of the actor federated in the same transaction.
 */
export function createActorsPort(deps: { actors: Actors; service: AccountsService; db: AccountsDb }): ActorsPort {
  const slot: { link: ActorsFederationLink | null } = { link: null };
  const { actors } = deps;
  const port: ActorsPort = {
    byId: (id, tx) => actors.byId(id, tx),
    byUsername: (username, tx) => actors.byUsername(username, tx),
    byUri: (uri, tx) => actors.byUri(uri, tx),
    createLocal: (input, tx) => actors.createLocal(input, tx),
    updateLocal: (id, input, tx) => actors.updateLocal(id, input, tx),
    deleteLocal: (id, tx) => actors.deleteLocal(id, tx),
    publicKeyPem: (actorId) => actors.publicKeyPem(actorId),

    async resolveHandle(handle: string): Promise<ActorRecord | null> {
      const match = HANDLE.exec(typeof handle === 'string' ? handle.trim() : '');
      if (!match) throw new BadUserInputError(`"${String(handle)}" is not a handle of the form @user@host.`, 'handle');
      const [, username, host] = match as unknown as [string, string, string];
      const link = slot.link;
      if (!link) throw new ServiceUnavailableError('Resolving handles is not available in this process.');
      if (host.toLowerCase() === link.publicHost) return actors.byUsername(username);
      try {
        const row = await link.resolveRemoteHandle(`@${username}@${host}`);
        return row ? toActorRecord(row) : null;
      } catch (error) {
        if (error instanceof CommonplaceError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },

    async updateProfile(actorId, input, tx) {
      const write = async (executor: Executor) => {
        const actor = await deps.service.updatePersonProfile(actorId, input, executor as AccountsDb);
        await slot.link?.publishActorUpdate(actor.id, executor);
        return actor;
      };
      const executor = (tx ?? deps.db) as AccountsDb;
      return executor.isTransaction ? write(executor) : executor.transaction().execute((own) => write(own));
    },
  };
  links.set(port, slot);
  return port;
}
