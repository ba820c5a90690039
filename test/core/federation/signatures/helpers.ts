import { generateKeyPair } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import type { ResolvedKey, VerifyRequestOptions } from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';

/** test/fixtures/http-signatures: the RFC 9421 and draft-cavage vectors (its README says where each came from). */
export const fixturesDir = resolve(import.meta.dirname, '../../../fixtures/http-signatures');

export function readFixture(path: string): string {
  return readFileSync(resolve(fixturesDir, path), 'utf8');
}

export function readJsonFixture<T = any>(path: string): T {
  return JSON.parse(readFixture(path)) as T;
}

export type HeaderPairs = [string, string][];

/** The pairs with every field of that name replaced by one value (or removed when value is null). */
export function withHeader(headers: HeaderPairs, name: string, value: string | null): HeaderPairs {
  const rest = headers.filter(([field]) => field.toLowerCase() !== name.toLowerCase());
  return value === null ? rest : [...rest, [name, value]];
}

export function headerOf(headers: HeaderPairs, name: string): string | undefined {
  return headers.find(([field]) => field.toLowerCase() === name.toLowerCase())?.[1];
}

/** The same text with one byte changed: the character at `index` (default: the middle) has its low bit flipped. */
export function changeOneByte(text: string, index = Math.floor(text.length / 2)): string {
  return text.slice(0, index) + String.fromCharCode(text.charCodeAt(index) ^ 1) + text.slice(index + 1);
}

/** The base64 signature with one decoded byte flipped, re-encoded. */
export function flipSignatureByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[10]! ^= 0x01;
  return bytes.toString('base64');
}

export function clockAtSeconds(seconds: number): ManualClock {
  return new ManualClock(new Date(seconds * 1000));
}

export interface KeyPairPem {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function newKeyPair(type: 'rsa' | 'ed25519' | 'ec' = 'rsa'): Promise<KeyPairPem> {
  const encoding = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const;
  return new Promise((done, failed) => {
    const callback = (error: Error | null, publicKeyPem: string, privateKeyPem: string) =>
      error ? failed(error) : done({ publicKeyPem, privateKeyPem });
    if (type === 'rsa') generateKeyPair('rsa', { modulusLength: 2048, ...encoding }, callback);
    else if (type === 'ec') generateKeyPair('ec', { namedCurve: 'P-256', ...encoding }, callback);
    else generateKeyPair('ed25519', encoding, callback);
  });
}

/**
 * A key resolver and refresher over fixed answers, spied so tests can count calls: `cached` is what the
 * resolver has, `fetched` what a refetch finds.
 */
export function keySource(cached: Record<string, string | ResolvedKey | null>, fetched: Record<string, string | ResolvedKey | null> = cached) {
  const toKey = (entry: string | ResolvedKey | null | undefined, keyId: string): ResolvedKey | null =>
    entry === null || entry === undefined ? null : typeof entry === 'string' ? { publicKeyPem: entry, ownerId: ownerOf(keyId) } : entry;
  const keyResolver = vi.fn(async (keyId: string) => toKey(cached[keyId], keyId));
  const refreshKey = vi.fn(async (keyId: string) => toKey(fetched[keyId], keyId));
  return { keyResolver, refreshKey } satisfies Pick<VerifyRequestOptions, 'keyResolver' | 'refreshKey'>;
}

/** `https://host/users/alice#main-key` is owned by `https://host/users/alice`. */
export function ownerOf(keyId: string): string {
  return keyId.replace(/#.*$/, '');
}
