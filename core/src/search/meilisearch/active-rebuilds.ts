import { MeilisearchApiError, type Meilisearch } from 'meilisearch';

/** One rebuild in progress: writes to `live` must also reach `rebuild` until it is swapped in. */
export interface ActiveRebuild {
  key: string;
  live: string;
  rebuild: string;
}

/**
 * Rebuilds in progress, kept in a small index of their own so every process (web and workers) sees
 * them: while a rebuild fills a fresh index from the database, index jobs write to both, and no change
 * made meanwhile is lost at the swap. Each process re-reads the list at most every `discoveryMs / 2`;
 * a rebuild waits `discoveryMs` after announcing itself (before reading rows) and after withdrawing
 * (before dropping its index), so every process has caught up either way.
 */
export class ActiveRebuilds {
  private cached: { readAt: number; entries: ActiveRebuild[] } = { readAt: -Infinity, entries: [] };

  constructor(
    private readonly client: Meilisearch,
    private readonly registryUid: string,
    private readonly discoveryMs: number,
    /** Sends a task and waits for it (the backend's, with its timeouts and errors). */
    private readonly run: (send: () => ReturnType<Meilisearch['deleteIndex']>) => Promise<void>,
  ) {}

  /** The rebuild indexes writes to `liveUid` must also reach. */
  async targetsOf(liveUid: string): Promise<string[]> {
    if (performance.now() - this.cached.readAt >= this.discoveryMs / 2) {
      this.cached = { readAt: performance.now(), entries: await this.read() };
    }
    return this.cached.entries.filter((entry) => entry.live === liveUid).map((entry) => entry.rebuild);
  }

  async announce(entries: readonly ActiveRebuild[]): Promise<void> {
    await this.run(() => this.client.index(this.registryUid).addDocuments([...entries], { primaryKey: 'key' }));
    this.cached = { readAt: this.cached.readAt, entries: [...this.cached.entries, ...entries] };
    await this.settle();
  }

  async withdraw(entries: readonly ActiveRebuild[]): Promise<void> {
    const keys = new Set(entries.map((entry) => entry.key));
    await this.run(() => this.client.index(this.registryUid).deleteDocuments([...keys]));
    this.cached = { readAt: this.cached.readAt, entries: this.cached.entries.filter((entry) => !keys.has(entry.key)) };
    await this.settle();
  }

  private async settle(): Promise<void> {
    if (this.discoveryMs > 0) await new Promise((resolve) => setTimeout(resolve, this.discoveryMs));
  }

  private async read(): Promise<ActiveRebuild[]> {
    try {
      const page = await this.client.index<ActiveRebuild>(this.registryUid).getDocuments({ limit: 1000 });
      return page.results.map(({ key, live, rebuild }) => ({ key, live, rebuild }));
    } catch (error) {
      // No rebuild ever ran on this server.
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return [];
      throw error;
    }
  }
}
