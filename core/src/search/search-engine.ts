import type { Kysely } from 'kysely';
import {
  ServiceUnavailableError,
  isCommonplaceError,
  type Executor,
  type InstanceSettings,
  type Logger,
  type SearchDocument,
  type SearchDocumentType,
  type SearchHit,
  type SearchQuery,
} from '@commonplace/sdk/internal';
import type { SearchBackend } from './backend.js';
import type { DocumentTypes } from './document-types.js';
import type { ExternalHit, ExternalSearchSource, RemoteLookup } from './external-source.js';
import { searchElsewhere, type ExternalResults } from './external-search.js';
import type { IndexQueue } from './index-queue.js';
import { checkQuery } from './query-input.js';
import { readerKeysFor } from './reader-keys.js';
import { reindex } from './reindex.js';
import type { CoreServices } from '../container/core-cradle.js';

export type SearchScope = 'local' | 'federated';

export interface SearchRequest extends Omit<SearchQuery, 'viewerActorId'> {
  scope?: SearchScope;
}

/** A local hit with the object its type loaded for the viewer. */
export interface LocalResult {
  kind: 'local';
  hit: SearchHit;
  declaration: SearchDocumentType;
  node: unknown;
}

export interface ExternalResult {
  kind: 'external';
  hit: ExternalHit;
}

export interface SearchPage {
  results: Array<LocalResult | ExternalResult>;
  totalEstimate: number;
  facets: Record<string, Record<string, number>>;
  endCursor: string | null;
}

export interface SearchEngineDeps {
  db: Kysely<any>;
  queue: IndexQueue;
  documentTypes: DocumentTypes;
  settings: InstanceSettings['search'];
  log: Logger;
  /** Each read at the time of use: the container's current registrations. */
  backend: () => SearchBackend;
  sources: () => readonly ExternalSearchSource[];
  remoteLookup: () => RemoteLookup | undefined;
  /** The shared discovery index's publisher: present only when search.sharedIndex.push is on. */
  sharedIndex: () => DocumentChangeListener | undefined;
}

/** Told of every local index change, in the write's transaction (the shared discovery index push). */
export interface DocumentChangeListener {
  /** A removal passes only `{ type, id }`: no audience, so the listener treats it as gone. */
  documentChanged(document: Pick<SearchDocument, 'type' | 'id'> & Partial<Pick<SearchDocument, 'audience' | 'originHost'>>, options: { tx?: Executor }): Promise<void>;
}

/**
 * Search for the whole instance: index changes go through the queue (jobs), queries are checked,
 * scoped to what the viewer may read, answered by the backend, re-checked with each type's `load`,
 * and, when asked, merged with other instances' results.
 */
export class SearchEngine {
  private preparing: Promise<void> | undefined;

  constructor(private readonly deps: SearchEngineDeps) {}

  get documentTypes(): DocumentTypes {
    return this.deps.documentTypes;
  }

  /** Prepares the backend for the declared types, once; a failure is retried on the next call. */
  ready(): Promise<void> {
    this.preparing ??= this.deps.backend().prepare(this.deps.documentTypes.all()).catch((error: unknown) => {
      this.preparing = undefined;
      throw error;
    });
    return this.preparing;
  }

  async index(document: SearchDocument, options: { tx?: Executor } = {}): Promise<void> {
    this.checkDocument(document);
    await this.inTransaction(options.tx, async (tx) => {
      await this.deps.queue.put(document.type, document.id, document, tx);
      await this.deps.sharedIndex()?.documentChanged(document, { tx });
    });
  }

  async remove(type: string, id: string, options: { tx?: Executor } = {}): Promise<void> {
    if (!this.deps.documentTypes.get(type)) throw new Error(`search.remove: "${type}" is not a declared document type`);
    await this.inTransaction(options.tx, async (tx) => {
      await this.deps.queue.put(type, id, null, tx);
      await this.deps.sharedIndex()?.documentChanged({ type, id }, { tx });
    });
  }

  /** Whether the backend answers now: reported by /readyz, which does not fail on it. */
  isAvailable(): Promise<boolean> {
    return this.deps.backend().isAvailable().catch(() => false);
  }

  /**
   * One page for the viewer of `services` (a request scope, or the root for anonymous). Results from
   * other instances come on the first page only, after the text was tried as a handle or URL.
   */
  search(request: SearchRequest, services: CoreServices): Promise<SearchPage> {
    return this.page(request, services, { elsewhere: true });
  }

  /**
   * `elsewhere: false` asks this instance's index alone: no remote look-up, no other source. The
   * port's `query` (and so the public peer API, which anyone may call) never makes this instance
   * fetch an address a caller typed.
   */
  private async page(request: SearchRequest, services: CoreServices, options: { elsewhere: boolean }): Promise<SearchPage> {
    const checked = checkQuery(request, this.deps.documentTypes, this.deps.settings);
    const readerKeys = await readerKeysFor(this.deps.db, services.viewer);
    const blockedDomains = await this.blockedDomains();
    const elsewhere =
      options.elsewhere && checked.after === null
        ? searchElsewhere({
            query: { text: checked.text, ...(request.types ? { types: request.types } : {}), filters: checked.filters, first: checked.first },
            sources: request.scope === 'federated' ? this.deps.sources() : [],
            lookup: this.deps.remoteLookup(),
            timeoutMs: this.deps.settings.externalTimeoutMs,
            blockedDomains,
            log: this.deps.log,
          })
        : Promise.resolve({ resolved: null, hits: [] });
    const local = this.searchLocally(checked, readerKeys, blockedDomains);
    const [results, external] = await Promise.all([local, elsewhere]);
    const loaded = await this.loadForViewer(results.hits, services);
    return {
      results: mergeByScore(loaded, external),
      totalEstimate: results.totalEstimate,
      facets: results.facets,
      endCursor: results.endCursor,
    };
  }

  /** Rebuilds one type's index (or every type's) from the database without downtime: `commonplace reindex`. */
  reindex(type: string | undefined, services: CoreServices): Promise<Array<{ type: string; documents: number }>> {
    return reindex({ backend: this.deps.backend(), documentTypes: this.deps.documentTypes, services, batchSize: this.deps.settings.reindexBatchSize, log: this.deps.log }, type);
  }

  /** The port's shape: local hits only, re-checked for the viewer; nothing is asked of other instances. */
  async query(query: SearchQuery, services: CoreServices) {
    const page = await this.page({ ...query, scope: 'local' }, services, { elsewhere: false });
    return {
      hits: page.results.filter((result): result is LocalResult => result.kind === 'local').map((result) => result.hit),
      totalEstimate: page.totalEstimate,
      facets: page.facets,
      endCursor: page.endCursor,
    };
  }

  private async searchLocally(checked: ReturnType<typeof checkQuery>, readerKeys: readonly string[], excludedHosts: readonly string[]) {
    try {
      await this.ready();
      return await this.deps.backend().search({
        text: checked.text,
        types: checked.documentTypes.map((declaration) => declaration.type),
        filters: checked.filters,
        first: checked.first,
        after: checked.after,
        visibility: { readerKeys },
        documentTypes: checked.documentTypes,
        excludedHosts,
      });
    } catch (error) {
      if (isCommonplaceError(error)) throw error;
      this.deps.log.warn({ err: error, backend: this.deps.backend().name }, 'search backend unavailable');
      throw new ServiceUnavailableError('Search is unavailable right now; try again later.');
    }
  }

  /** Each type's `load` decides what the viewer still sees: a hit it does not return is dropped. */
  private async loadForViewer(hits: readonly SearchHit[], services: CoreServices): Promise<LocalResult[]> {
    const byType = new Map<string, string[]>();
    for (const hit of hits) byType.set(hit.type, [...(byType.get(hit.type) ?? []), hit.id]);
    const loaded = new Map<string, ReadonlyMap<string, unknown>>();
    await Promise.all(
      [...byType].map(async ([type, ids]) => {
        const declaration = this.deps.documentTypes.get(type);
        if (declaration) loaded.set(type, await declaration.load(ids, services));
      }),
    );
    const results: LocalResult[] = [];
    for (const hit of hits) {
      const node = loaded.get(hit.type)?.get(hit.id);
      const declaration = this.deps.documentTypes.get(hit.type);
      if (node !== undefined && node !== null && declaration) results.push({ kind: 'local', hit, declaration, node });
    }
    return results;
  }

  /** The caller's transaction, or one of our own: the index change and the push commit together. */
  private inTransaction(tx: Executor | undefined, work: (tx: Executor) => Promise<void>): Promise<void> {
    return tx ? work(tx) : this.deps.db.transaction().execute(work);
  }

  private async blockedDomains(): Promise<string[]> {
    const rows = await this.deps.db.selectFrom('core_domain_blocks').select('domain').execute();
    return rows.map((row) => String(row.domain).toLowerCase());
  }

  /** A plugin bug, not user input: fail loudly at the write that caused it. */
  private checkDocument(document: SearchDocument): void {
    const declaration = this.deps.documentTypes.get(document.type);
    if (!declaration) throw new Error(`search.index: "${document.type}" is not a declared document type`);
    if (typeof document.id !== 'string' || document.id === '') throw new Error(`search.index: a "${document.type}" document needs an id`);
    for (const field of Object.keys(document.fields)) {
      if (!declaration.fields[field]) throw new Error(`search.index: "${document.type}" declares no field "${field}"`);
    }
    for (const filter of Object.keys(document.filters ?? {})) {
      if (!declaration.filters?.[filter]) throw new Error(`search.index: "${document.type}" declares no filter "${filter}"`);
    }
  }
}

/** Local and external results by score, highest first; a resolved handle or URL (score aside) stays in front. */
function mergeByScore(local: LocalResult[], external: ExternalResults): Array<LocalResult | ExternalResult> {
  const merged: Array<LocalResult | ExternalResult> = [...local, ...external.hits.map((hit) => ({ kind: 'external' as const, hit }))];
  // Stable: local results keep the backend's order among equal scores.
  if (external.hits.length > 0) merged.sort((a, b) => b.hit.score - a.hit.score);
  return external.resolved ? [{ kind: 'external', hit: external.resolved }, ...merged] : merged;
}
