import type { JobDefinition, Logger } from '@commonplace/sdk/internal';
import type { SearchBackend } from './backend.js';
import { SWEEP_JOB, SYNC_JOB, type IndexQueue } from './index-queue.js';

/** Rounds one sync job makes when the document keeps changing under it; the next job takes the rest. */
const MAX_ROUNDS = 5;
const SWEEP_BATCH = 1_000;

export interface IndexJobsDeps {
  queue: IndexQueue;
  /** Read at each run, so a backend replaced at run time (tests) is the one used. */
  backend: () => SearchBackend;
  /** Prepares the backend (once) before it is written to. */
  ready: () => Promise<void>;
  sweepIntervalMs: number;
  log: Logger;
}

/**
 * `core.search.sync` carries one document's latest change to the backend; a backend that is down
 * makes it throw, and the jobs runner retries it with backoff. `core.search.sweep` re-enqueues
 * changes whose job was lost.
 */
export function indexJobs(deps: IndexJobsDeps): Record<string, JobDefinition> {
  return {
    [SYNC_JOB]: {
      handler: async (payload: { type: string; id: string }) => {
        await deps.ready();
        for (let round = 0; round < MAX_ROUNDS; round += 1) {
          const change = await deps.queue.next(payload.type, payload.id);
          if (!change) return;
          if (change.document) await deps.backend().upsert([change.document]);
          else await deps.backend().remove([{ type: payload.type, id: payload.id }]);
          if (await deps.queue.applied(payload.type, payload.id, change.seq)) return;
        }
      },
    },
    [SWEEP_JOB]: {
      handler: async () => {
        const requeued = await deps.queue.requeueStale(deps.sweepIntervalMs, SWEEP_BATCH);
        if (requeued > 0) deps.log.info({ requeued }, 'search: re-enqueued index changes whose job was lost');
      },
    },
  };
}
