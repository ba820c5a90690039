import type { KeyObject } from 'node:crypto';
import { parsedKey } from './parsed-keys.js';
import { fail, type VerifyFailure } from './types.js';

/** A PEM public key (SPKI or PKCS#1) as a KeyObject; a failure when it is not one. */
export function importPublicKey(pem: string, keyId: string): KeyObject | VerifyFailure {
  try {
    const key = parsedKey(pem, 'public');
    if (key.type !== 'public') return fail('bad-key', `key ${keyId} is not a public key`);
    return key;
  } catch {
    return fail('bad-key', `key ${keyId} is not a readable PEM public key`);
  }
}
