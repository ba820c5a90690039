import { BadUserInputError, type Logger } from '@commonplace/sdk';
import type { SearchBackend } from './backend.js';
import type { DocumentTypes } from './document-types.js';
import type { CoreServices } from '../container/core-cradle.js';

export interface ReindexDeps {
  backend: SearchBackend;
  documentTypes: DocumentTypes;
  services: CoreServices;
  batchSize: number;
  log: Logger;
}

/**
 * Rebuilds the index of one type (or each type in turn) from the database, through the type's
 * `rows`: documents go into a fresh index that replaces the live one only once complete, so searches
 * keep answering from the old one meanwhile. A failure abandons the fresh index and leaves the old.
 */
export async function reindex(deps: ReindexDeps, type?: string): Promise<Array<{ type: string; documents: number }>> {
  const declarations = type ? [deps.documentTypes.get(type)] : deps.documentTypes.all();
  if (type && !declarations[0]) {
    const known = deps.documentTypes.all().map((declaration) => declaration.type);
    throw new BadUserInputError(`"${type}" is not a searchable type; the types are: ${known.join(', ') || 'none'}.`, 'type');
  }
  await deps.backend.prepare(deps.documentTypes.all());
  const done: Array<{ type: string; documents: number }> = [];
  for (const declaration of declarations) {
    if (!declaration) continue;
    const rebuild = await deps.backend.beginRebuild(declaration.type);
    let documents = 0;
    try {
      let afterId: string | null = null;
      for (;;) {
        const rows = await declaration.rows(deps.services, { afterId, limit: deps.batchSize });
        if (rows.length === 0) break;
        const batch = rows.map((row) => declaration.toDocument(row));
        await rebuild.upsert(batch);
        documents += batch.length;
        afterId = batch[batch.length - 1]!.id;
        if (rows.length < deps.batchSize) break;
      }
      await rebuild.commit();
    } catch (error) {
      await rebuild.abort().catch((abortError: unknown) => deps.log.warn({ err: abortError }, 'search: abandoning a rebuild failed'));
      throw error;
    }
    deps.log.info({ type: declaration.type, documents }, 'search: type reindexed');
    done.push({ type: declaration.type, documents });
  }
  return done;
}
