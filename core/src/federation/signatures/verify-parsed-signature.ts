import { createVerifier } from 'http-message-signatures';
import { verificationAlgorithm } from './algorithms.js';
import { importPublicKey } from './public-key.js';
import { fail, type ParsedSignature, type VerificationAlgorithm, type VerifyFailure } from './types.js';

/**
 * Checks the signature bytes against the rebuilt base with one public key; nothing else (time, digest,
 * covered components are the caller's). The verifier is http-message-signatures' node:crypto one.
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
  const verify = createVerifier(key, algorithm);
  const matches = async (base: string) => {
    try {
      return (await verify(Buffer.from(base, 'utf8'), parsed.signature)) === true;
    } catch {
      return false; // a signature of the wrong length for the key, for instance
    }
  };
  const valid =
    (await matches(parsed.signatureBase)) || (parsed.querylessSignatureBase !== undefined && (await matches(parsed.querylessSignatureBase)));
  return valid ? { ok: true, algorithm } : fail('bad-signature', 'signature does not match the request', context);
}
