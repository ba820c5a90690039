import { Meilisearch, type Settings } from 'meilisearch';
import { ServiceUnavailableError } from '@commonplace/sdk';
import { domainCandidates } from '../../../federation/moderation/index.js';
import { isUnavailable, MeilisearchTaskFailedError } from '../../meilisearch/meilisearch-backend.js';
import { quoteFilterValue } from '../../meilisearch/filter-expression.js';

/** One document in the shared discovery index: a public object of one instance, as every instance sees it. */
export interface SharedEntry {
  /** `<pushedBy> <type> <local id>` in base64url: the pushing instance can remove it after the row is gone. */
  key: string;
  /** The object's URL, globally unique. */
  id: string;
  type: string;
  title: string;
  summary: string | null;
  url: string;
  originHost: string;
  /** The origin host and its parent domains, so a block on `example.org` also hides `social.example.org`. */
  originDomains: string[];
  /** The instance that pushed it (only it updates or removes it). */
  pushedBy: string;
  updatedAt: number;
}

export interface SharedHit {
  id: string;
  type: string;
  title: string;
  summary: string | null;
  url: string;
  originHost: string;
  score: number;
}

export interface SharedIndexOptions {
  url: string;
  key?: string;
  index: string;
  requestTimeoutMs: number;
  taskTimeoutMs: number;
}

const SHARED_INDEX_SETTINGS: Settings = {
  searchableAttributes: ['title', 'summary'],
  filterableAttributes: ['type', 'originHost', 'originDomains', 'pushedBy'],
  sortableAttributes: ['updatedAt'],
  displayedAttributes: ['id', 'type', 'title', 'summary', 'url', 'originHost'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'updatedAt:desc'],
};

export function sharedEntryKey(pushedBy: string, type: string, id: string): string {
  return Buffer.from(`${pushedBy} ${type} ${id}`, 'utf8').toString('base64url');
}

export function sharedEntry(input: { pushedBy: string; type: string; localId: string; title: string; summary?: string | null; url: string; updatedAt: Date }): SharedEntry {
  const originHost = new URL(input.url).host.toLowerCase();
  return {
    key: sharedEntryKey(input.pushedBy, input.type, input.localId),
    id: input.url,
    type: input.type,
    title: input.title,
    summary: input.summary ?? null,
    url: input.url,
    originHost,
    originDomains: domainCandidates(originHost),
    pushedBy: input.pushedBy,
    updatedAt: input.updatedAt.getTime(),
  };
}

/** The filter of a shared-index search: never this instance's own entries (the local index has them), never a blocked domain. */
export function sharedSearchFilter(input: { ownHost: string; blockedDomains: readonly string[]; types?: readonly string[] }): string {
  const clauses = [`pushedBy != ${quoteFilterValue(input.ownHost)}`];
  if (input.blockedDomains.length > 0) clauses.push(`originDomains NOT IN [${input.blockedDomains.map(quoteFilterValue).join(', ')}]`);
  if (input.types?.length) clauses.push(`type IN [${input.types.map(quoteFilterValue).join(', ')}]`);
  return clauses.join(' AND ');
}

/** The shared discovery index on its Meilisearch server. Unreachable means ServiceUnavailableError. */
export class SharedIndexClient {
  private readonly client: Meilisearch;
  private prepared: Promise<void> | undefined;

  constructor(private readonly options: SharedIndexOptions) {
    this.client = new Meilisearch({
      host: options.url,
      ...(options.key ? { apiKey: options.key } : {}),
      timeout: options.requestTimeoutMs,
      defaultWaitOptions: { timeout: options.taskTimeoutMs, interval: 50 },
    });
  }

  async put(entries: readonly SharedEntry[]): Promise<void> {
    await this.prepare();
    await this.task(() => this.client.index(this.options.index).addDocuments([...entries], { primaryKey: 'key' }).waitTask());
  }

  async delete(keys: readonly string[]): Promise<void> {
    await this.task(() => this.client.index(this.options.index).deleteDocuments([...keys]).waitTask());
  }

  async search(text: string, filter: string, limit: number, signal: AbortSignal): Promise<SharedHit[]> {
    const response = await this.call(() =>
      this.client.index(this.options.index).search(text, { filter, limit, showRankingScore: true }, { signal }),
    );
    return response.hits.map((hit) => ({
      id: String(hit.id),
      type: String(hit.type),
      title: String(hit.title),
      summary: typeof hit.summary === 'string' ? hit.summary : null,
      url: String(hit.url),
      originHost: String(hit.originHost),
      score: hit._rankingScore ?? 0,
    }));
  }

  /** Creates the index with its settings once per process (an instance that only queries never does). */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      try {
        await this.task(() => this.client.createIndex(this.options.index, { primaryKey: 'key' }).waitTask());
      } catch (error) {
        if (!(error instanceof MeilisearchTaskFailedError && error.code === 'index_already_exists')) throw error;
      }
      await this.task(() => this.client.index(this.options.index).updateSettings(SHARED_INDEX_SETTINGS).waitTask());
    })().catch((error: unknown) => {
      this.prepared = undefined;
      throw error;
    });
    return this.prepared;
  }

  private async task(run: () => Promise<{ uid: number; status: string; error?: { code?: string; message?: string } | null }>): Promise<void> {
    const task = await this.call(run);
    if (task.status !== 'succeeded') {
      throw new MeilisearchTaskFailedError(task.uid, task.status, task.error?.code ?? null, task.error?.message ?? `task ended ${task.status}`);
    }
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUnavailable(error)) throw new ServiceUnavailableError(`The shared discovery index is unavailable: ${(error as Error).message}`);
      throw error;
    }
  }
}
