import { BadUserInputError, CommonplaceError } from '@commonplace/sdk/internal';
import { parseWebFingerResource } from '../discovery/webfinger-resource.js';
import { apiErrorOf } from '../remote-actors/errors.js';
import { parseHandle } from '../remote-actors/handles.js';
import type { RemoteActors } from '../remote-actors/remote-actors.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';

/**
 * The actor a user names: a local username, a handle `@user@host`, or an actor (or profile) URL.
 * Remote actors are fetched through the guard; failures are typed API errors naming `target`.
 */
export async function resolveFollowTarget(deps: { db: FederationDb; publicHost: string; remoteActors: RemoteActors }, target: string): Promise<ActorRow> {
  const text = target.trim();
  if (!text) throw new BadUserInputError('target must not be empty.', 'target');
  let localUsername: string | null = null;
  if (/^https?:\/\//i.test(text)) {
    let host: string;
    try {
      host = new URL(text).host.toLowerCase();
    } catch {
      throw new BadUserInputError(`"${text}" is not a valid URL.`, 'target');
    }
    if (host === deps.publicHost) {
      const parsed = parseWebFingerResource(text, deps.publicHost);
      if (parsed.kind !== 'local') throw new CommonplaceError('NOT_FOUND', `${text} is not an actor on this instance.`, { field: 'target' });
      localUsername = parsed.username;
    }
  } else if (text.replace(/^@/, '').includes('@')) {
    const handle = parseHandle(text);
    if (!handle) throw new BadUserInputError(`"${text}" is not a handle of the form @user@host.`, 'target');
    if (handle.host === deps.publicHost) localUsername = handle.username;
  } else if (/^@?[A-Za-z0-9_.-]{1,100}$/.test(text)) {
    localUsername = text.replace(/^@/, '');
  } else {
    throw new BadUserInputError(`"${text}" is neither a username, a handle (@user@host) nor an actor URL.`, 'target');
  }

  if (localUsername !== null) {
    const local = await deps.db
      .selectFrom('core_actors')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', localUsername.toLowerCase()))
      .where('domain', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!local) throw new CommonplaceError('NOT_FOUND', `There is no actor named ${localUsername} here.`, { field: 'target' });
    return local;
  }
  try {
    const actor = await deps.remoteActors.resolveRemoteActor(text);
    if (actor.deleted_at) throw new CommonplaceError('NOT_FOUND', `${text} was deleted.`, { field: 'target' });
    return actor;
  } catch (error) {
    throw apiErrorOf(error);
  }
}
