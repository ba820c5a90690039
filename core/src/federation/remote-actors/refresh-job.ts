import type { JobDefinition, JobSchedule } from '@commonplace/sdk/internal';

/** The scheduled refresh of cached remote actors, registered as `core.<name>`. */
export const REFRESH_REMOTE_ACTORS_JOB = 'federation.refreshRemoteActors';
/** Actors refetched by one run at most; the rest wait for the next run. */
export const REFRESH_BATCH_SIZE = 100;
export const REFRESH_EVERY_MS = 3_600_000;

export interface RefreshPayload {
  /** Actors refetched by this run at most (REFRESH_BATCH_SIZE unless given). */
  limit?: number;
}

/** What the job needs of RemoteActors (named here, not imported: index.ts re-exports this file). */
export interface StaleActorRefresher {
  refreshStale(limit: number): Promise<{ refreshed: number; failed: number }>;
}

/**
 * The job that refetches remote actors cached longer than federation.remoteActorCacheTtlSeconds, a
 * bounded batch per run, oldest first; and its hourly schedule. `remoteActors` is read at each run (the
 * federation core is made after the jobs are registered).
 */
export function remoteActorJobs(remoteActors: () => StaleActorRefresher): { jobs: Record<string, JobDefinition<RefreshPayload | undefined>>; schedules: JobSchedule[] } {
  return {
    jobs: {
      [REFRESH_REMOTE_ACTORS_JOB]: {
        maxAttempts: 1,
        // Each fetch is bounded by federation.fetchTimeoutMs; a batch of 100 slow hosts still ends.
        timeoutMs: 30 * 60_000,
        handler: async (payload) => {
          const limit = typeof payload?.limit === 'number' && payload.limit > 0 ? Math.floor(payload.limit) : REFRESH_BATCH_SIZE;
          await remoteActors().refreshStale(limit);
        },
      },
    },
    schedules: [{ job: REFRESH_REMOTE_ACTORS_JOB, everyMs: REFRESH_EVERY_MS }],
  };
}
