import { sql, type Kysely } from 'kysely';
import type { Clock, Executor, JobsPort, SearchDocument } from '@commonplace/sdk/internal';
import type { DocumentTypes } from './document-types.js';

export const SYNC_JOB = 'core.search.sync';
export const SWEEP_JOB = 'core.search.sweep';

export interface PendingChange {
  seq: number;
  /** Null: remove the document. */
  document: SearchDocument | null;
}

/**
 * The wanted state of each document, written in the caller's transaction, and a job to carry it to
 * the backend. One row per document holds only its latest state, so a burst of edits costs one index
 * write, and a job that runs late never applies an older version over a newer one. The job's dedupe
 * key (one pending or running job per document) makes changes to one document apply in order.
 */
export class IndexQueue {
  constructor(
    private readonly db: Kysely<any>,
    private readonly jobs: JobsPort,
    private readonly clock: Clock,
    private readonly documentTypes: DocumentTypes,
  ) {}

  async put(type: string, id: string, document: SearchDocument | null, tx?: Executor): Promise<void> {
    if (!tx) {
      await this.db.transaction().execute((own) => this.put(type, id, document, own));
      return;
    }
    await sql`
      insert into core_search_changes (type, id, document, seq, changed_at)
      values (${type}, ${id}, cast(${document === null ? null : JSON.stringify(document)} as jsonb), nextval('core_search_change_seq'), ${this.clock.now()})
      on conflict (type, id) do update set document = excluded.document, seq = excluded.seq, changed_at = excluded.changed_at`.execute(tx);
    await this.jobs.enqueue(SYNC_JOB, { type, id }, { tx, dedupeKey: `${type}:${id}` });
  }

  async next(type: string, id: string): Promise<PendingChange | null> {
    const row = await this.db
      .selectFrom('core_search_changes')
      .select(['seq', 'document'])
      .where('type', '=', type)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return { seq: Number(row.seq), document: row.document === null ? null : this.revive(row.document as SearchDocument) };
  }

  /** Forget a change once applied; false when a newer one replaced it meanwhile (apply that one too). */
  async applied(type: string, id: string, seq: number): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('core_search_changes')
      .where('type', '=', type)
      .where('id', '=', id)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) === 1;
  }

  /**
   * Changes older than `ageMs` still waiting: their job was lost (it ran out of attempts while the
   * backend was down, or a write landed just as its job finished). Enqueued again.
   */
  async requeueStale(ageMs: number, limit: number): Promise<number> {
    const rows = await this.db
      .selectFrom('core_search_changes')
      .select(['type', 'id'])
      .where('changed_at', '<', new Date(this.clock.now().getTime() - ageMs))
      .orderBy('changed_at')
      .limit(limit)
      .execute();
    for (const row of rows) {
      await this.jobs.enqueue(SYNC_JOB, { type: row.type, id: row.id }, { dedupeKey: `${row.type}:${row.id}` });
    }
    return rows.length;
  }

  /** JSON gave strings back: dates become Dates again, as the type declares them. */
  private revive(stored: SearchDocument): SearchDocument {
    const declaration = this.documentTypes.get(stored.type);
    const filters = { ...(stored.filters ?? {}) };
    for (const [name, value] of Object.entries(filters)) {
      if (declaration?.filters?.[name] === 'date' && typeof value === 'string') filters[name] = new Date(value);
    }
    return {
      ...stored,
      filters,
      ...(typeof stored.updatedAt === 'string' ? { updatedAt: new Date(stored.updatedAt) } : {}),
    };
  }
}
