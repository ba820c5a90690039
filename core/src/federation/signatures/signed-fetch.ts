import type { Clock, InstanceSettings } from '@commonplace/sdk/internal';
import type { FastifyRequest } from 'fastify';
import type { IsSignedFetch } from '../documents/authorized-fetch.js';
import { RemoteActorError, type RemoteActors } from '../remote-actors/index.js';
import { verifyRequest } from './verify-request.js';

/**
 * Authorized fetch's verifier: a GET counts as signed when its HTTP signature (cavage or RFC 9421)
 * verifies with a key of a remote actor, fetched through the SSRF guard like the inbox's; that actor
 * (the key's owner) is the signer, whose view of collections is served. The URL is rebuilt from the
 * public scheme and the Host header, as the signer saw it. `remoteActors` is read at each call
 * because the federation core is made after the routes that use this.
 */
export function signedFetchVerifier(deps: { remoteActors: () => RemoteActors; settings: InstanceSettings; clock: Clock; publicUrl: string }): IsSignedFetch {
  const scheme = new URL(deps.publicUrl).protocol;
  const fallbackHost = new URL(deps.publicUrl).host;
  const { signatureMaxSkewSeconds, signatureMaxAgeSeconds } = deps.settings.federation;
  return async (request: FastifyRequest) => {
    if (!request.headers.signature && !request.headers['signature-input']) return false;
    const remoteActors = deps.remoteActors();
    const result = await verifyRequest(
      { method: request.method, url: `${scheme}//${request.headers.host ?? fallbackHost}${request.raw.url ?? request.url}`, headers: pairsOf(request.raw.rawHeaders) },
      { keyResolver: remoteActors.keyResolver, refreshKey: remoteActors.refreshKey, clock: deps.clock, limits: { signatureMaxSkewSeconds, signatureMaxAgeSeconds } },
    ).catch((error: unknown) => {
      // The signer's key could not be fetched for want of a free slot: served as an unsigned GET.
      if (error instanceof RemoteActorError && error.busy) return null;
      throw error;
    });
    return result?.ok ? { signer: result.ownerId } : false;
  };
}

function pairsOf(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}
