import { generateKeyPair } from 'node:crypto';
import type { KeyKind } from './tables.js';

export interface KeyPair {
  kind: KeyKind;
  publicKeyPem: string;
  privateKeyPem: string;
}

/**
 * The key pairs a local actor signs with: RSA-2048 for HTTP signatures (what the fediverse
 * verifies today) and Ed25519 for FEP-521a object integrity proofs. Made off the event loop.
 */
export async function generateActorKeyPairs(): Promise<KeyPair[]> {
  const [rsa, ed25519] = await Promise.all([pemKeyPair('rsa'), pemKeyPair('ed25519')]);
  return [rsa, ed25519];
}

function pemKeyPair(kind: KeyKind): Promise<KeyPair> {
  const encoding = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKeyPem: string, privateKeyPem: string) =>
      error ? reject(error) : resolve({ kind, publicKeyPem, privateKeyPem });
    if (kind === 'rsa') generateKeyPair('rsa', { modulusLength: 2048, ...encoding }, done);
    else generateKeyPair('ed25519', encoding, done);
  });
}
