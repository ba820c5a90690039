import type { Audience, Clock, Executor, JobDefinition, JobsPort, SearchDocumentType } from '@commonplace/sdk/internal';
import { sharedEntry, sharedEntryKey, type SharedIndexClient } from './shared-index-client.js';
import type { CoreServices } from '../../../container/core-cradle.js';

export const SHARED_INDEX_SYNC_JOB = 'core.search.shared-index-sync';

export interface SharedIndexSyncPayload {
  type: string;
  id: string;
  /** The document's audience was public when it changed; anything else (unlisted too) is removed. */
  public: boolean;
}

/**
 * Keeps this instance's entries in the shared discovery index in step (search.sharedIndex.push).
 * Core's search indexing calls `documentChanged` for every local create, update, audience change
 * and delete (without an audience), in the write's transaction; the job then reads the object as an anonymous reader
 * and puts its public preview in the shared index, or removes the entry when it is gone, no
 * longer public, or of a type that does not share previews.
 */
export class SharedIndexPublisher {
  constructor(
    private readonly deps: {
      jobs: JobsPort;
      client: SharedIndexClient;
      declarations: ReadonlyMap<string, SearchDocumentType>;
      ownHost: string;
      clock: Clock;
      services: () => CoreServices;
    },
  ) {}

  /** Enqueue a sync of one document, in the caller's transaction. Copies of remote objects are their origin's to share. */
  async documentChanged(
    document: { type: string; id: string; originHost?: string | null; audience?: Audience | null },
    options: { tx?: Executor } = {},
  ): Promise<void> {
    if (document.originHost) return;
    const payload: SharedIndexSyncPayload = { type: document.type, id: document.id, public: document.audience?.kind === 'public' };
    await this.deps.jobs.enqueue(SHARED_INDEX_SYNC_JOB, payload, options.tx ? { tx: options.tx } : {});
  }

  /** The job: one document's entry made to match the database. Meilisearch errors throw, so the job retries. */
  async sync(payload: SharedIndexSyncPayload): Promise<'pushed' | 'removed'> {
    const key = sharedEntryKey(this.deps.ownHost, payload.type, payload.id);
    const declaration = this.deps.declarations.get(payload.type);
    const services = this.deps.services();
    // `load` re-checks as an anonymous reader, but may show unlisted objects: the audience decides first.
    const object = payload.public && declaration?.publicPreview ? (await declaration.load([payload.id], services)).get(payload.id) : undefined;
    const preview = object === undefined ? null : declaration!.publicPreview!(object, services);
    if (!preview) {
      await this.deps.client.delete([key]);
      return 'removed';
    }
    await this.deps.client.put([
      sharedEntry({ pushedBy: this.deps.ownHost, type: payload.type, localId: payload.id, title: preview.title, summary: preview.summary ?? null, url: preview.url, updatedAt: this.deps.clock.now() }),
    ]);
    return 'pushed';
  }

  job(): JobDefinition<SharedIndexSyncPayload> {
    return { handler: async (payload) => void (await this.sync(payload)) };
  }
}
