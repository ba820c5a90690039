import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsedKey } from '../../../../core/src/federation/signatures/parsed-keys.js';

function pemPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

describe('parsedKey', () => {
  it('parses a PEM once, and gives each kind its own entry', () => {
    const { publicKey, privateKey } = pemPair();
    const verifying = parsedKey(publicKey, 'public');
    const signing = parsedKey(privateKey, 'private');
    expect(verifying.type).toBe('public');
    expect(signing.type).toBe('private');
    // The same text, even as another string, finds the parsed key.
    expect(parsedKey(publicKey.split('\n').join('\n'), 'public')).toBe(verifying);
    expect(parsedKey(privateKey, 'private')).toBe(signing);
  });

  it('treats a rotated key as a new entry', () => {
    const first = pemPair().publicKey;
    const rotated = pemPair().publicKey;
    expect(parsedKey(rotated, 'public')).not.toBe(parsedKey(first, 'public'));
    expect(parsedKey(rotated, 'public').export({ type: 'spki', format: 'pem' })).toBe(rotated);
  });

  it('refuses a PEM of the other kind', () => {
    const { publicKey } = pemPair();
    expect(() => parsedKey(publicKey, 'private')).toThrow();
  });
});
