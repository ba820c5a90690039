/**
 * HTTP signatures for federation: signing what we send (draft-cavage, and RFC 9421 for double-knocking)
 * and verifying what we receive (both schemes, with body digests and one key refetch on rotation).
 */
export { verifyRequest } from './verify-request.js';
export { signRequest, CAVAGE_SIGNED_HEADERS, type RequestSigningKey } from './sign-request.js';
export { signRequestRfc9421 } from './sign-request-rfc9421.js';
export { ACTIVITY_ACCEPT, ACTIVITY_CONTENT_TYPE, type OutgoingRequest } from './outgoing-headers.js';
export { digestHeader, contentDigestHeader } from './body-digest.js';
export { parseRequestSignature } from './parse-request-signature.js';
export { verifyParsedSignature } from './verify-parsed-signature.js';
export { toHeaderMap, type HeaderMap } from './header-map.js';
export { ALLOWED_DECLARED_ALGORITHMS } from './algorithms.js';
export {
  DEFAULT_SIGNATURE_LIMITS,
  type HeaderInput,
  type IncomingSignedRequest,
  type KeyResolver,
  type ParsedSignature,
  type ResolvedKey,
  type SignatureLimits,
  type SignatureScheme,
  type VerificationAlgorithm,
  type VerifyFailure,
  type VerifyFailureCode,
  type VerifyRequestOptions,
  type VerifyResult,
  type VerifySuccess,
} from './types.js';
