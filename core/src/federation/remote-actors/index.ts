/**
 * Remote actors: fetched through the SSRF guard, signed by the instance actor, cached in core_actors.
 * One module per job: remote-actors.ts (resolving and keys), store-actor.ts (the rows), webfinger.ts,
 * handles.ts, errors.ts, instance-signer.ts, object-cache.ts, hot-actor-cache.ts, refresh-job.ts.
 */
import { RemoteActors, type RemoteActorsDeps } from './remote-actors.js';

export { RemoteActors, DEFAULT_REMOTE_ACTOR_CACHE_TTL_SECONDS, type RemoteActorsDeps, type ResolveOptions } from './remote-actors.js';
export { RemoteActorError, type RemoteActorFailure } from './errors.js';
export { parseHandle, type Handle } from './handles.js';
export { OBJECT_CACHE_MAX_ENTRIES, OBJECT_CACHE_TTL_MS } from './object-cache.js';
export { actorsFederationLink } from './actors-link.js';
export { readActorDocument, looksLikeActor, ACTOR_TYPES, type RemoteActorFields, type RemoteKey } from './actor-document.js';
export type { ActorRow, FederationDb, FederationExecutor, FederationTables } from './tables.js';
export { remoteActorJobs, REFRESH_BATCH_SIZE, REFRESH_EVERY_MS, REFRESH_REMOTE_ACTORS_JOB, type RefreshPayload } from './refresh-job.js';

export function createRemoteActors(deps: RemoteActorsDeps): RemoteActors {
  return new RemoteActors(deps);
}
