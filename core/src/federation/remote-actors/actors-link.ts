import type { Executor } from '@commonplace/sdk/internal';
import type { ActorsFederationLink } from '../../accounts/actors-port.js';
import { apiErrorOf } from './errors.js';
import type { RemoteActors } from './remote-actors.js';
import { parseHandle } from './handles.js';

/** What the ActorsPort asks of federation: remote handles through WebFinger, and Updates of local actors. */
export function actorsFederationLink(
  remoteActors: RemoteActors,
  publicUrl: string,
  publishActorUpdate: (actorId: string, tx: Executor) => Promise<void>,
): ActorsFederationLink {
  return {
    publicHost: new URL(publicUrl).host.toLowerCase(),
    publishActorUpdate,
    async resolveRemoteHandle(text) {
      const handle = parseHandle(text);
      if (!handle) return null;
      try {
        const row = await remoteActors.resolveByHandle(handle);
        return row.deleted_at ? null : row;
      } catch (error) {
        throw apiErrorOf(error, 'handle');
      }
    },
  };
}
