import { createPublicKey } from 'node:crypto';
import { decodeBase58btc, encodeBase58btc } from './base58btc.js';

// The multicodec prefix for an Ed25519 public key (0xed, as an unsigned varint: 0xed 0x01).
const ED25519_PUBLIC_PREFIX = Uint8Array.of(0xed, 0x01);

/**
 * An Ed25519 public key (PEM, SPKI) as FEP-521a's `publicKeyMultibase`: 'z' (base58btc) followed by
 * the multicodec prefix and the raw 32-byte key.
 */
export function ed25519PublicKeyMultibase(publicKeyPem: string): string {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('not an Ed25519 public key');
  const raw = Buffer.from(jwk.x, 'base64url');
  return `z${encodeBase58btc(Uint8Array.from([...ED25519_PUBLIC_PREFIX, ...raw]))}`;
}

/** The raw 32-byte Ed25519 key inside a `publicKeyMultibase` value; throws when it is not one. */
export function ed25519KeyFromMultibase(multibase: string): Uint8Array {
  if (!multibase.startsWith('z')) throw new Error('publicKeyMultibase is not base58btc (it must start with "z")');
  const bytes = decodeBase58btc(multibase.slice(1));
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('publicKeyMultibase is not an Ed25519 key');
  return bytes.slice(2);
}
