import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58.js';

/**
 * Ed25519 on node:crypto, with keys and signatures in Zenroom's base58. Zenroom's EdDSA is plain
 * RFC 8032 Ed25519, so this verifies what Zencode signs (and the reverse): the agreement test proves it.
 */
const publicKeys = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 10_000;

/** The public key object, or null when the text is not a 32-byte base58 key. Cached: parsing costs more than verifying. */
export function publicKeyFromBase58(text: string): KeyObject | null {
  const cached = publicKeys.get(text);
  if (cached) return cached;
  const raw = decodeBase58(text);
  if (!raw || raw.length !== 32) return null;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
  } catch {
    return null;
  }
  if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.delete(publicKeys.keys().next().value!);
  publicKeys.set(text, key);
  return key;
}

/** True when `signature` (base58, 64 bytes) is the key's signature of `message`. Never throws. */
export function verifyEd25519(message: string | Uint8Array, signature: string, publicKey: string): boolean {
  const key = publicKeyFromBase58(publicKey);
  const raw = decodeBase58(signature);
  if (!key || !raw || raw.length !== 64) return false;
  try {
    return verify(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key, raw);
  } catch {
    return false;
  }
}

/** Signs with a base58 secret key (Zenroom's `keyring.eddsa`, the 32-byte seed); the signature in base58. */
export function signEd25519(message: string | Uint8Array, secretKey: string): string {
  const seed = decodeBase58(secretKey);
  if (!seed || seed.length !== 32) throw new Error('an EdDSA secret key is 32 bytes in base58');
  const key = createPrivateKey({ key: pkcs8Ed25519(seed), format: 'der', type: 'pkcs8' });
  return encodeBase58(sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key));
}

/** The public key (base58) of a base58 secret key. */
export function publicKeyOfSecret(secretKey: string): string {
  const seed = decodeBase58(secretKey);
  if (!seed || seed.length !== 32) throw new Error('an EdDSA secret key is 32 bytes in base58');
  const key = createPublicKey(createPrivateKey({ key: pkcs8Ed25519(seed), format: 'der', type: 'pkcs8' }));
  const jwk = key.export({ format: 'jwk' }) as { x: string };
  return encodeBase58(Buffer.from(jwk.x, 'base64url'));
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the 32 bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
function pkcs8Ed25519(seed: Uint8Array): Buffer {
  return Buffer.concat([PKCS8_PREFIX, seed]);
}
