import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Enough for every key a busy instance signs or verifies with in a while; older ones are parsed again. */
const MAX_CACHED_KEYS = 2_000;

const cache = new Map<string, KeyObject>();

/**
 * A PEM key parsed once. Parsing costs several times the signature itself, and the same few keys
 * sign or verify request after request. Keyed by the PEM text, so a rotated key is simply a new entry.
 */
export function parsedKey(pem: string, kind: 'public' | 'private'): KeyObject {
  const cacheKey = `${kind}:${pem}`;
  const cached = cache.get(cacheKey);
  if (cached) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }
  const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  cache.set(cacheKey, key);
  if (cache.size > MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
  return key;
}
