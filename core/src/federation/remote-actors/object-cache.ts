import type { ActivityPubObject } from '@commonplace/sdk/internal';

/** Remote objects (not actors) resolve() fetched are kept in memory this long, this many at most. */
export const OBJECT_CACHE_TTL_MS = 300_000;
export const OBJECT_CACHE_MAX_ENTRIES = 1_000;

/** Remote objects other than actors (actors are cached in core_actors), in this process; oldest evicted first. */
export class RemoteObjectCache {
  /** iri -> object and when it was fetched; insertion order is age order. */
  private readonly entries = new Map<string, { json: ActivityPubObject; fetchedAt: number }>();

  /** A copy of the object fetched less than OBJECT_CACHE_TTL_MS before `now`; an older one is dropped. */
  get(url: string, now: number): ActivityPubObject | undefined {
    const entry = this.entries.get(url);
    if (entry && now - entry.fetchedAt < OBJECT_CACHE_TTL_MS) return structuredClone(entry.json);
    this.entries.delete(url);
    return undefined;
  }

  set(url: string, json: ActivityPubObject, now: number): void {
    this.entries.set(url, { json: structuredClone(json), fetchedAt: now });
    while (this.entries.size > OBJECT_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
