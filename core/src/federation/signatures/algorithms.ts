import type { KeyObject } from 'node:crypto';
import { fail, type ParsedSignature, type SignatureScheme, type VerificationAlgorithm, type VerifyFailure } from './types.js';

/*
 * The algorithms we accept, and nothing else: RSASSA-PKCS1-v1_5 with SHA-256 (every fediverse server) and
 * Ed25519 (FEP-521a keys, Misskey's additional keys). HMAC needs a shared secret no federation has, ECDSA
 * and RSA-PSS are used by no fediverse software we know of; refusing them keeps the attack surface small.
 */

/** Declared algorithm names each scheme may carry. Cavage `hs2019` means "look at the key". */
export const ALLOWED_DECLARED_ALGORITHMS: Record<SignatureScheme, readonly string[]> = {
  'draft-cavage': ['rsa-sha256', 'hs2019'],
  rfc9421: ['rsa-v1_5-sha256', 'ed25519'],
};

/** Refuses a declared algorithm before any key is fetched. */
export function checkDeclaredAlgorithm(parsed: ParsedSignature): VerifyFailure | null {
  const allowed = ALLOWED_DECLARED_ALGORITHMS[parsed.scheme];
  if (parsed.declaredAlgorithm === null || allowed.includes(parsed.declaredAlgorithm)) return null;
  return fail('algorithm-not-allowed', `algorithm not allowed: ${parsed.declaredAlgorithm} (${parsed.scheme} accepts ${allowed.join(', ')})`);
}

/**
 * The algorithm to verify with, from the declared one and the key's type. As in Mastodon and Misskey,
 * cavage `hs2019` with an RSA key is PKCS#1 v1.5 SHA-256 (not the RSA-PSS the draft hints at), and with
 * an Ed25519 key is Ed25519. An RFC 9421 signature without `alg` takes the key's algorithm.
 */
export function verificationAlgorithm(parsed: ParsedSignature, key: KeyObject): VerificationAlgorithm | VerifyFailure {
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const declared = parsed.declaredAlgorithm;
  const byKey: VerificationAlgorithm | null = keyType === 'rsa' ? 'rsa-v1_5-sha256' : keyType === 'ed25519' ? 'ed25519' : null;
  const expected: Record<string, VerificationAlgorithm> = { 'rsa-sha256': 'rsa-v1_5-sha256', 'rsa-v1_5-sha256': 'rsa-v1_5-sha256', ed25519: 'ed25519' };
  if (!byKey) return fail('algorithm-not-allowed', `algorithm not allowed: the key is ${keyType}; only RSA and Ed25519 keys are accepted`);
  const wanted = declared === null || declared === 'hs2019' ? byKey : expected[declared];
  if (wanted !== byKey) return fail('bad-key', `the key is ${keyType}, which cannot make ${declared} signatures`);
  return byKey;
}
