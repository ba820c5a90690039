import { BadUserInputError, CommonplaceError } from '@commonplace/sdk/internal';
import type { RemoteFetchError } from '../fetch/index.js';

export type RemoteActorFailure = 'malformed' | 'local' | 'not-found' | 'unreachable' | 'refused' | 'invalid';

/** Why a remote actor could not be resolved; `reason` is the precise sentence for logs and API errors. */
export class RemoteActorError extends Error {
  override readonly name = 'RemoteActorError';
  constructor(
    readonly failure: RemoteActorFailure,
    readonly reason: string,
    readonly fetchError?: RemoteFetchError,
  ) {
    super(reason);
  }

  /** Not fetched because this process had as many fetches in flight as allowed: retrying later may work. */
  get busy(): boolean {
    return this.fetchError?.failure === 'busy';
  }
}

/** A fetch failure as a RemoteActorError: gone or missing is not-found, a refused address refused, a bad document invalid. */
export function fetchFailure(error: RemoteFetchError): RemoteActorError {
  const failure: RemoteActorFailure =
    error.failure === 'status' && (error.status === 404 || error.status === 410)
      ? 'not-found'
      : error.failure === 'address' || error.failure === 'scheme' || error.failure === 'invalid-url'
        ? 'refused'
        : error.failure === 'content-type' || error.failure === 'invalid-json' || error.failure === 'id-mismatch'
          ? 'invalid'
          : 'unreachable';
  return new RemoteActorError(failure, `${error.url}: ${error.reason}`, error);
}

/** A remote-actor failure as the API reports it: BAD_USER_INPUT, NOT_FOUND or SERVICE_UNAVAILABLE, with the reason. */
export function apiErrorOf(error: unknown, field = 'target'): unknown {
  if (!(error instanceof RemoteActorError)) return error;
  switch (error.failure) {
    case 'malformed':
    case 'refused':
    case 'local':
      return new BadUserInputError(error.reason, field, { reason: error.reason });
    case 'not-found':
    case 'invalid':
      return new CommonplaceError('NOT_FOUND', `No actor found at that ${field}: ${error.reason}`, { field, reason: error.reason });
    case 'unreachable':
      return new CommonplaceError('SERVICE_UNAVAILABLE', `The remote server could not be reached: ${error.reason}`, { field, reason: error.reason });
  }
}
