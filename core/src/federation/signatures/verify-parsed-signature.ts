import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { verificationAlgorithm } from './algorithms.js';
import { importPublicKey } from './public-key.js';
import { fail, type ParsedSignature, type VerificationAlgorithm, type VerifyFailure } from './types.js';

/**
 * Checks the signature bytes against the rebuilt base with one public key; nothing else (time, digest,
 * covered components are the caller's).
 */
export async function verifyParsedSignature(
  parsed: ParsedSignature,
  publicKeyPem: string,
): Promise<{ ok: true; algorithm: VerificationAlgorithm } | VerifyFailure> {
  const context = { scheme: parsed.scheme, keyId: parsed.keyId };
  const key = importPublicKey(publicKeyPem, parsed.keyId);
  if ('ok' in key) return { ...key, ...context };
  const algorithm = verificationAlgorithm(parsed, key);
  if (typeof algorithm !== 'string') return { ...algorithm, ...context };
  const valid =
    (await signatureMatches(algorithm, key, parsed.signatureBase, parsed.signature)) ||
    (parsed.querylessSignatureBase !== undefined && (await signatureMatches(algorithm, key, parsed.querylessSignatureBase, parsed.signature)));
  return valid ? { ok: true, algorithm } : fail('bad-signature', 'signature does not match the request', context);
}

/**
 * node:crypto's verify with a callback, which runs in libuv's thread pool: an RSA check is most of
 * what a signed request costs the inbox, and there it leaves the event loop (measured: 17 µs of the
 * loop's time per RSA-2048 check done inline, 5 µs handed to the pool). The same checks as
 * http-message-signatures' createVerifier for the two algorithms we accept. False, never an error,
 * for a signature that cannot match (of the wrong length for the key, for instance).
 */
function signatureMatches(algorithm: VerificationAlgorithm, key: KeyObject, base: string, signature: Buffer): Promise<boolean> {
  const data = Buffer.from(base, 'utf8');
  return new Promise((resolve) => {
    const done = (error: Error | null, valid: boolean) => resolve(!error && valid === true);
    try {
      if (algorithm === 'ed25519') cryptoVerify(null, data, key, signature, done);
      else cryptoVerify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature, done);
    } catch {
      resolve(false);
    }
  });
}
