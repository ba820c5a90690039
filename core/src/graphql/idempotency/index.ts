import type { Kysely } from 'kysely';
import type { Clock, JobDefinition, JobSchedule, Logger } from '@commonplace/sdk/internal';
import { IdempotencyStore } from './idempotency-store.js';

export { registerIdempotencyKeys } from './idempotency-hooks.js';
export { IdempotencyStore } from './idempotency-store.js';

export interface IdempotencyModule {
  store: IdempotencyStore;
  /** Registered as `core.<name>`. */
  jobs: Record<string, JobDefinition>;
  schedules: readonly JobSchedule[];
}

/** Idempotency keys of GraphQL mutations, and the hourly purge of expired ones. */
export function createIdempotencyModule(options: { db: Kysely<any>; clock: Clock; ttlSeconds: number; log: Logger }): IdempotencyModule {
  const store = new IdempotencyStore(options.db, options.clock, options.ttlSeconds);
  return {
    store,
    jobs: {
      'purge-idempotency-keys': {
        handler: async () => {
          const deleted = await store.purge();
          if (deleted > 0) options.log.debug({ deleted }, 'purged expired idempotency keys');
        },
      },
    },
    schedules: [{ job: 'purge-idempotency-keys', everyMs: 3_600_000 }],
  };
}
