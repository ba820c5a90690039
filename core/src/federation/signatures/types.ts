import type { Clock } from '@commonplace/sdk';

/** The two signature formats the fediverse uses: draft-cavage-http-signatures and RFC 9421. */
export type SignatureScheme = 'draft-cavage' | 'rfc9421';

/**
 * Request headers as a server or a test has them: Node's `IncomingHttpHeaders` (lower-case names,
 * arrays for repeated fields) or [name, value] pairs in message order (repeats kept, as RFC 9421 needs).
 */
export type HeaderInput =
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | Iterable<readonly [string, string]>;

/** A request as it reached us, before anything trusted it. */
export interface IncomingSignedRequest {
  method: string;
  /** The absolute URL the sender addressed: scheme, Host as received, path and query as received. */
  url: string;
  headers: HeaderInput;
  /** The body bytes exactly as received; absent, null or empty means no body. */
  rawBody?: Uint8Array | string | null;
}

/** A remote actor's public key, as the federation layer has it (cached or just fetched). */
export interface ResolvedKey {
  publicKeyPem: string;
  /** The actor the key document names as `owner`. */
  ownerId: string;
  /** True when the resolver fetched it just now: then a refetch after a failure would tell nothing new. */
  freshlyFetched?: boolean;
}

export type KeyResolver = (keyId: string) => Promise<ResolvedKey | null>;

/** The instance settings `federation.signatureMaxSkewSeconds` and `federation.signatureMaxAgeSeconds`. */
export interface SignatureLimits {
  /** How far into the future a signature's time may be (the sender's clock running fast). */
  signatureMaxSkewSeconds: number;
  /** How old a signature may be. */
  signatureMaxAgeSeconds: number;
}

export const DEFAULT_SIGNATURE_LIMITS: SignatureLimits = {
  signatureMaxSkewSeconds: 3_600,
  signatureMaxAgeSeconds: 43_200,
};

export interface VerifyRequestOptions {
  /** The key for a keyId: from the cache, or fetched when unknown. null when there is none. */
  keyResolver: KeyResolver;
  /** Fetch the key again, bypassing the cache (the sender may have rotated it). */
  refreshKey: KeyResolver;
  clock?: Clock;
  limits?: Partial<SignatureLimits>;
}

/** Why a request was refused, for logs and tests; `reason` is the human sentence. */
export type VerifyFailureCode =
  | 'unsigned'
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'missing-covered-component'
  | 'covered-header-missing'
  | 'expired'
  | 'future-dated'
  | 'digest-missing'
  | 'digest-mismatch'
  | 'unknown-key'
  | 'bad-key'
  | 'bad-signature';

export interface VerifyFailure {
  ok: false;
  code: VerifyFailureCode;
  reason: string;
  scheme?: SignatureScheme;
  keyId?: string;
}

export interface VerifySuccess {
  ok: true;
  keyId: string;
  /** The key's owner as the resolver reported it; the inbox checks it against the activity's actor. */
  ownerId: string;
  scheme: SignatureScheme;
  /** The algorithm the signature was checked with, in RFC 9421 names ('rsa-v1_5-sha256' or 'ed25519'). */
  algorithm: VerificationAlgorithm;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** The only algorithms we verify with; everything else is refused. */
export type VerificationAlgorithm = 'rsa-v1_5-sha256' | 'ed25519';

/** A signature taken apart, with the exact bytes that were signed rebuilt from the request. */
export interface ParsedSignature {
  scheme: SignatureScheme;
  /** RFC 9421 only: the label of the signature chosen among those in the request. */
  label?: string;
  keyId: string;
  /** As declared, lower-cased: cavage `algorithm` (hs2019 when absent), RFC 9421 `alg` (null when absent). */
  declaredAlgorithm: string | null;
  /** What the signature covers: cavage names ('(request-target)', 'host'), RFC 9421 component names ('@method', 'content-digest'). */
  covered: string[];
  /** Unix seconds from the `created` parameter, when the signature covers it. */
  created?: number;
  /** Unix seconds from the `expires` parameter. */
  expires?: number;
  /** The signing string (cavage) or signature base (RFC 9421). */
  signatureBase: string;
  /**
   * Cavage GETs with a query string only: the signing string with `(request-target)` left without
   * the query, as Fedify (1.x and 2.x) and older Mastodon versions sign it. Tried when the exact one fails.
   */
  querylessSignatureBase?: string;
  signature: Buffer;
}

export function fail(code: VerifyFailureCode, reason: string, context: Partial<Pick<VerifyFailure, 'scheme' | 'keyId'>> = {}): VerifyFailure {
  return { ok: false, code, reason, ...context };
}
