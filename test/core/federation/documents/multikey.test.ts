import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeBase58btc,
  ed25519KeyFromMultibase,
  ed25519PublicKeyMultibase,
  encodeBase58btc,
} from '../../../../core/src/federation/documents/index.js';

describe('base58btc and FEP-521a Multikeys', () => {
  it('encodes known base58 vectors, leading zero bytes included', () => {
    expect(encodeBase58btc(new TextEncoder().encode('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
    expect(encodeBase58btc(Uint8Array.of(0, 0, 1))).toBe('112');
    expect(encodeBase58btc(new Uint8Array())).toBe('');
    expect(Buffer.from(decodeBase58btc('2NEpo7TZRRrLZSi2U')).toString()).toBe('Hello World!');
    expect(Array.from(decodeBase58btc('112'))).toEqual([0, 0, 1]);
    expect(() => decodeBase58btc('0OIl')).toThrow(/not a base58btc character/);
  });

  it('encodes an Ed25519 key as z6Mk… and decodes it back to the raw 32 bytes', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const multibase = ed25519PublicKeyMultibase(pem);
    expect(multibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(Buffer.from(ed25519KeyFromMultibase(multibase))).toEqual(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  });

  it('matches the did:key test vector of the Multikey spec', () => {
    // did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp encodes this key (W3C did:key test suite).
    const raw = ed25519KeyFromMultibase('z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp');
    expect(raw).toHaveLength(32);
    expect(encodeBase58btc(Uint8Array.from([0xed, 0x01, ...raw]))).toBe('6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp');
  });

  it('refuses what is not an Ed25519 Multikey', () => {
    expect(() => ed25519KeyFromMultibase('uAbc')).toThrow(/must start with "z"/);
    expect(() => ed25519KeyFromMultibase(`z${encodeBase58btc(Uint8Array.of(0x12, 0x00, 1, 2))}`)).toThrow(/not an Ed25519 key/);
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => ed25519PublicKeyMultibase(publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/not an Ed25519/);
  });
});
