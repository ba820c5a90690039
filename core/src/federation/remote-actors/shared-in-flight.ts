/**
 * One promise per key while it runs: whoever asks for the same key meanwhile gets the same promise, so
 * a burst of requests signed with one unknown key id costs one fetch, not one each.
 */
export class SharedInFlight<V> {
  private readonly running = new Map<string, Promise<V>>();

  run(key: string, start: () => Promise<V>): Promise<V> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const promise = start().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
