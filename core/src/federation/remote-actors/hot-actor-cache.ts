import { LRUCache } from 'lru-cache';
import type { ResolvedKey } from '../signatures/types.js';
import type { ActorRow } from './tables.js';

/** Used when the settings do not say (federation.hotCacheSeconds). */
export const DEFAULT_HOT_CACHE_SECONDS = 30;
/** Senders remembered at once; a busy instance hears from a few thousand actors in half a minute. */
const MAX_ACTORS = 10_000;

interface Entry {
  key: ResolvedKey;
  actor: ActorRow;
}

/**
 * The keys and actor rows the inbox read last, kept in this process for a short time. The same few
 * servers deliver request after request, and every database round trip costs more than the
 * signature check. Changes made in this process (an actor refreshed, deleted, a key refetched) drop
 * the entry at once; changes made by another process are seen when the entry expires.
 */
export class HotActorCache {
  private readonly byKey: LRUCache<string, Entry> | null;
  private readonly byUri: LRUCache<string, Entry> | null;
  /** actor uri -> its key ids, to forget every key of an actor. */
  private readonly keysOf = new Map<string, Set<string>>();

  constructor(seconds: number) {
    if (seconds <= 0) {
      this.byKey = this.byUri = null;
      return;
    }
    const options = {
      max: MAX_ACTORS,
      ttl: seconds * 1000,
      dispose: (entry: Entry, keyId: string) => {
        const keys = this.keysOf.get(entry.actor.uri);
        keys?.delete(keyId);
        if (keys?.size === 0) this.keysOf.delete(entry.actor.uri);
      },
    };
    this.byKey = new LRUCache<string, Entry>(options);
    this.byUri = new LRUCache<string, Entry>({ max: MAX_ACTORS, ttl: seconds * 1000 });
  }

  byKeyId(keyId: string): Entry | undefined {
    return this.byKey?.get(keyId);
  }

  actorByUri(uri: string): ActorRow | undefined {
    return this.byUri?.get(uri)?.actor;
  }

  remember(keyId: string, key: ResolvedKey, actor: ActorRow): void {
    if (!this.byKey || !this.byUri) return;
    const entry = { key, actor };
    this.byKey.set(keyId, entry);
    this.byUri.set(actor.uri, entry);
    let keys = this.keysOf.get(actor.uri);
    if (!keys) this.keysOf.set(actor.uri, (keys = new Set()));
    keys.add(keyId);
  }

  forgetKey(keyId: string): void {
    const entry = this.byKey?.get(keyId);
    this.byKey?.delete(keyId);
    if (entry) this.byUri?.delete(entry.actor.uri);
  }

  forget(uri: string): void {
    this.byUri?.delete(uri);
    for (const keyId of [...(this.keysOf.get(uri) ?? [])]) this.byKey?.delete(keyId);
    this.keysOf.delete(uri);
  }
}
