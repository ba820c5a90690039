import { randomUUID } from 'node:crypto';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type IndexSwap,
  type MultiSearchQueryWithFederation,
} from 'meilisearch';
import { CommonplaceError, ServiceUnavailableError, type Logger, type SearchDocument, type SearchDocumentType, type SearchResults } from '@commonplace/sdk/internal';
import type { BackendQuery, IndexRebuild, SearchBackend } from '../backend.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { allOf, audienceFilter, excludedHostsFilter, typeFilterExpression } from './filter-expression.js';
import { indexSettingsFor, MAX_VALUES_PER_FACET } from './index-settings.js';
import { ActiveRebuilds, type ActiveRebuild } from './active-rebuilds.js';
import { indexUidFor, rebuildRegistryUidFor, rebuildUidFor } from './index-names.js';
import { documentKey, keywordFromStored, toStoredDocument } from './stored-document.js';

export interface MeilisearchBackendOptions {
  url: string;
  key?: string;
  indexPrefix: string;
  requestTimeoutMs: number;
  taskTimeoutMs: number;
  rebuildDiscoveryMs: number;
  /** Values returned per facet, most frequent first (at most MAX_VALUES_PER_FACET). */
  maxFacetValues: number;
  /** The audience keys a document carries (core's audience-keys.ts). */
  audienceKeys: (document: SearchDocument) => readonly string[];
  log: Logger;
}

const PRIMARY_KEY = 'key';

/**
 * The search backend at scale. Writes wait for Meilisearch's task (bounded by taskTimeoutMs) so an
 * index job only succeeds once the change is searchable; connection failures and timeouts become
 * ServiceUnavailableError, which the service reports as SERVICE_UNAVAILABLE and index jobs retry.
 */
export class MeilisearchBackend implements SearchBackend {
  readonly name = 'meilisearch';
  // Meilisearch matches words, prefixes and typos, but has no language stemmers.
  readonly capabilities = { stemming: false };
  private readonly client: Meilisearch;
  private readonly types = new Map<string, SearchDocumentType>();
  /** Rebuilds in progress in any process: writes reach their fresh indexes too. */
  private readonly rebuilds: ActiveRebuilds;

  constructor(private readonly options: MeilisearchBackendOptions) {
    this.client = new Meilisearch({
      host: options.url,
      ...(options.key ? { apiKey: options.key } : {}),
      timeout: options.requestTimeoutMs,
      defaultWaitOptions: { timeout: options.taskTimeoutMs, interval: 50 },
    });
    this.rebuilds = new ActiveRebuilds(this.client, rebuildRegistryUidFor(options.indexPrefix), options.rebuildDiscoveryMs, (send) => this.run(send));
  }

  async prepare(documentTypes: readonly SearchDocumentType[]): Promise<void> {
    for (const type of documentTypes) {
      this.types.set(type.type, type);
      await this.prepareIndex(this.uid(type.type), type);
    }
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    const byUid = new Map<string, ReturnType<typeof toStoredDocument>[]>();
    for (const document of documents) {
      // An undeclared type would make Meilisearch create an index without its settings.
      const stored = toStoredDocument(document, this.declaredOrThrow(document.type), this.options.audienceKeys(document));
      const list = byUid.get(this.uid(document.type)) ?? [];
      list.push(stored);
      byUid.set(this.uid(document.type), list);
    }
    for (const [uid, stored] of byUid) {
      for (const target of [uid, ...(await this.request(() => this.rebuilds.targetsOf(uid)))]) {
        await this.run(() => this.client.index(target).addDocuments(stored, { primaryKey: PRIMARY_KEY }));
      }
    }
  }

  async remove(refs: readonly { type: string; id: string }[]): Promise<void> {
    const byUid = new Map<string, string[]>();
    for (const ref of refs) {
      const uid = this.uid(ref.type);
      byUid.set(uid, [...(byUid.get(uid) ?? []), documentKey(ref.id)]);
    }
    for (const [uid, keys] of byUid) {
      for (const target of [uid, ...(await this.request(() => this.rebuilds.targetsOf(uid)))]) {
        await this.run(() => this.client.index(target).deleteDocuments(keys));
      }
    }
  }

  async search(query: BackendQuery): Promise<SearchResults> {
    const offset = decodeCursor(query.after);
    const common = allOf([audienceFilter(query.visibility.readerKeys), excludedHostsFilter(query.excludedHosts ?? [])]);
    const queries: MultiSearchQueryWithFederation[] = [];
    const facetsByIndex: Record<string, string[]> = {};
    const facetNames = new Set<string>();
    for (const type of query.documentTypes) {
      const clauses = typeFilterExpression(type, query.filters);
      for (const facet of type.facets ?? []) facetNames.add(facet);
      if (clauses === null) continue;
      const indexUid = this.uid(type.type);
      queries.push({ indexUid, q: query.text, filter: allOf([common, ...clauses]), showRankingScore: true });
      if (type.facets?.length) facetsByIndex[indexUid] = type.facets.map((facet) => `filters.${facet}`);
    }
    const facets: SearchResults['facets'] = Object.fromEntries([...facetNames].map((facet) => [facet, {}]));
    if (queries.length === 0) return { hits: [], totalEstimate: 0, facets, endCursor: null };

    const response = await this.request(() =>
      this.client.multiSearch({
        federation: {
          offset,
          // One more than asked: whether it comes back says if there is a next page.
          limit: query.first + 1,
          ...(Object.keys(facetsByIndex).length > 0 ? { facetsByIndex, mergeFacets: { maxValuesPerFacet: Math.min(this.options.maxFacetValues, MAX_VALUES_PER_FACET) } } : {}),
        },
        queries,
      }),
    );
    const page = response.hits.slice(0, query.first);
    for (const [attribute, counts] of Object.entries(response.facetDistribution ?? {})) {
      facets[attribute.replace(/^filters\./, '')] = Object.fromEntries(Object.entries(counts).map(([value, count]) => [keywordFromStored(value), count]));
    }
    return {
      hits: page.map((hit) => ({
        id: String(hit.id),
        type: String(hit.type),
        score: hit._federation?.weightedRankingScore ?? hit._rankingScore ?? 0,
        originHost: (hit.originHost as string | null | undefined) ?? null,
      })),
      totalEstimate: Math.max(response.estimatedTotalHits ?? 0, offset + page.length),
      facets,
      endCursor: response.hits.length > query.first ? encodeCursor(offset + page.length) : null,
    };
  }

  async beginRebuild(type?: string): Promise<IndexRebuild> {
    const types = type ? [this.declaredOrThrow(type)] : [...this.types.values()];
    const token = randomUUID().replace(/-/g, '').slice(0, 12);
    const entries: ActiveRebuild[] = types.map((declared) => {
      const live = this.uid(declared.type);
      return { key: `${token}_${live}`, live, rebuild: rebuildUidFor(live, token) };
    });
    for (const [position, entry] of entries.entries()) await this.prepareIndex(entry.rebuild, types[position]!);
    // From here on (once every process has read the announcement), index jobs write to both indexes.
    await this.rebuilds.announce(entries);

    const finish = async () => {
      // Writers stop reaching the rebuild uids (which now hold the old documents, or an abandoned build) before they go.
      await this.rebuilds.withdraw(entries);
      for (const entry of entries) await this.run(() => this.client.deleteIndex(entry.rebuild));
    };
    return {
      upsert: async (documents) => {
        for (const entry of entries) {
          const mine = documents.filter((document) => this.uid(document.type) === entry.live);
          if (mine.length === 0) continue;
          const stored = mine.map((document) => toStoredDocument(document, this.declared(document.type), this.options.audienceKeys(document)));
          await this.run(() => this.client.index(entry.rebuild).addDocuments(stored, { primaryKey: PRIMARY_KEY }));
        }
      },
      commit: async () => {
        // One swap task for all types: searches see either every old index or every new one.
        // `rename` left out (the client's type asks for it): servers before 1.18 refuse the unknown field.
        await this.run(() => this.client.swapIndexes(entries.map((entry) => ({ indexes: [entry.live, entry.rebuild] }) as IndexSwap)));
        await finish();
      },
      abort: finish,
    };
  }

  async isAvailable(): Promise<boolean> {
    try {
      return await this.client.isHealthy();
    } catch {
      return false;
    }
  }

  /** The uid of a type's live index. */
  private uid(type: string): string {
    return indexUidFor(this.options.indexPrefix, type);
  }

  private declared(type: string): SearchDocumentType | undefined {
    return this.types.get(type);
  }

  private declaredOrThrow(type: string): SearchDocumentType {
    const declared = this.types.get(type);
    if (!declared) throw new Error(`search type "${type}" is not declared by any enabled plugin`);
    return declared;
  }

  private async prepareIndex(uid: string, type: SearchDocumentType): Promise<void> {
    try {
      await this.run(() => this.client.createIndex(uid, { primaryKey: PRIMARY_KEY }));
    } catch (error) {
      if (!(error instanceof MeilisearchTaskFailedError && error.code === 'index_already_exists')) throw error;
    }
    await this.run(() => this.client.index(uid).updateSettings(indexSettingsFor(type)));
  }

  /** Sends a task and waits for it; a failed task throws with Meilisearch's reason. */
  private async run(send: () => EnqueuedTaskPromise): Promise<void> {
    const task = await this.request(() => send().waitTask({ timeout: this.options.taskTimeoutMs }));
    if (task.status === 'succeeded') return;
    throw new MeilisearchTaskFailedError(task.uid, task.status, task.error?.code ?? null, task.error?.message ?? `task ended ${task.status}`);
  }

  /** Unreachable, slow or failing servers become ServiceUnavailableError; anything else is a bug and stays as it is. */
  private async request<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CommonplaceError || error instanceof MeilisearchTaskFailedError) throw error;
      if (isUnavailable(error)) {
        this.options.log.warn({ err: error }, 'Meilisearch is unavailable');
        throw new ServiceUnavailableError(`Search is unavailable: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}

/** A Meilisearch task that ended without succeeding (its code, `index_already_exists`..., says why). */
export class MeilisearchTaskFailedError extends Error {
  override readonly name = 'MeilisearchTaskFailedError';
  constructor(
    readonly taskUid: number,
    readonly status: string,
    readonly code: string | null,
    reason: string,
  ) {
    super(`Meilisearch task ${taskUid} ${status}: ${reason}`);
  }
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof MeilisearchRequestError || error instanceof MeilisearchRequestTimeOutError || error instanceof MeilisearchTaskTimeOutError) {
    return true;
  }
  // 5xx (a proxy in front, an overloaded server) is unavailability too; 4xx is a request we got wrong.
  return error instanceof MeilisearchApiError && error.response.status >= 500;
}
