import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Enough for every key a busy instance signs or verifies with in a while; older ones are parsed again. */
const MAX_CACHED_KEYS = 2_000;

/**
 * One map per kind, keyed by the PEM text itself: a string V8 has hashed once (a key kept in a cache
 * and looked up activity after activity) is found without reading its 1–2 KB again, where a key made
 * by joining the kind and the PEM was a new string to copy and hash on every look-up.
 */
const caches = { public: new Map<string, KeyObject>(), private: new Map<string, KeyObject>() };

/**
 * A PEM key parsed once. Parsing costs several times the signature itself, and the same few keys
 * sign or verify request after request. Keyed by the PEM text, so a rotated key is simply a new entry.
 */
export function parsedKey(pem: string, kind: 'public' | 'private'): KeyObject {
  const cache = caches[kind];
  const cached = cache.get(pem);
  if (cached) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(pem);
    cache.set(pem, cached);
    return cached;
  }
  const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  cache.set(pem, key);
  if (cache.size > MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
  return key;
}
