import { ANONYMOUS_FETCHER, type FederatedFetcher } from '@commonplace/sdk/internal';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Whether a GET carries a valid HTTP signature; connected to the signature verifier at boot. The
 * verifier names the signing actor (`{ signer }`); a bare `true` means signed by someone unnamed.
 */
export type IsSignedFetch = (request: FastifyRequest) => SignedFetch | Promise<SignedFetch>;

export type SignedFetch = boolean | { signer: string };

export interface AuthorizedFetchPolicy {
  /** settings.federation.authorizedFetch */
  enabled: boolean;
  isSignedFetch?: IsSignedFetch | undefined;
}

// One verification per request, however many steps ask (authorized fetch, then whose view to serve).
const verified = new WeakMap<FastifyRequest, Promise<SignedFetch>>();

function signedFetchOf(request: FastifyRequest, policy: AuthorizedFetchPolicy): Promise<SignedFetch> {
  if (!policy.isSignedFetch) return Promise.resolve(false);
  let outcome = verified.get(request);
  if (!outcome) {
    outcome = Promise.resolve(policy.isSignedFetch(request));
    verified.set(request, outcome);
  }
  return outcome;
}

/**
 * In authorized-fetch mode, refuses an unsigned GET of a federated document with 401 and returns
 * false. Off, everything passes. The instance actor always passes: remote servers fetch it unsigned
 * to check the key of our own signed GETs. Without a verifier, nothing counts as signed.
 */
export async function passesAuthorizedFetch(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: AuthorizedFetchPolicy,
  options: { exempt: boolean },
): Promise<boolean> {
  if (!policy.enabled || options.exempt) return true;
  if (await signedFetchOf(request, policy)) return true;
  await reply
    .status(401)
    .header('vary', 'Accept, Signature, Signature-Input')
    .send({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'SIGNATURE_REQUIRED',
      message: 'This server requires signed fetches (authorized fetch): sign the GET with an HTTP signature of an actor.',
    });
  return false;
}

/** The ids of the local actors that the actor at this URI follows (accepted follows). */
export type FollowedLocalActors = (followerUri: string) => Promise<ReadonlySet<string>>;

/**
 * Who is fetching: the actor whose signature on the GET verified, whatever the authorized-fetch mode
 * (a signed GET may see what is addressed to its signer, and to the followers it is one of), or
 * anonymous. A signature that fails to verify makes the fetch anonymous, not an error, when
 * authorized fetch is off. The signer's follows are looked up only if a plugin asks, and once.
 */
export async function fetcherOf(request: FastifyRequest, policy: AuthorizedFetchPolicy, followedLocalActors: FollowedLocalActors): Promise<FederatedFetcher> {
  const signed = await signedFetchOf(request, policy).catch(() => false as const);
  if (typeof signed !== 'object') return ANONYMOUS_FETCHER;
  let followed: Promise<ReadonlySet<string>> | undefined;
  return { actorUri: signed.signer, followedLocalActorIds: () => (followed ??= followedLocalActors(signed.signer)) };
}
