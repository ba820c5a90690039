import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether a GET carries a valid HTTP signature; connected to the signature verifier at boot. */
export type IsSignedFetch = (request: FastifyRequest) => boolean | Promise<boolean>;

export interface AuthorizedFetchPolicy {
  /** settings.federation.authorizedFetch */
  enabled: boolean;
  isSignedFetch?: IsSignedFetch | undefined;
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
  if (policy.isSignedFetch && (await policy.isSignedFetch(request))) return true;
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
