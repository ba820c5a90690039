import type { Kysely } from 'kysely';
import type { Clock, InstanceSettings, JobDefinition, JobSchedule, Logger } from '@commonplace/sdk/internal';

/** The scheduled purge of the inbox's dedupe table, registered as `core.<name>`. */
export const PURGE_INBOX_SEEN_JOB = 'federation.purgeInboxSeen';
export const PURGE_INBOX_SEEN_EVERY_MS = 15 * 60_000;
/** Rows deleted by one statement: a busy inbox keeps millions, and one huge delete would hold locks and WAL. */
export const PURGE_INBOX_SEEN_BATCH = 10_000;
/** Kept past the signature window, for clocks that differ between our processes and the database's rows. */
export const INBOX_SEEN_MARGIN_MS = 3_600_000;

type SignatureWindow = Pick<InstanceSettings['federation'], 'signatureMaxAgeSeconds' | 'signatureMaxSkewSeconds'>;

/**
 * How long an activity id is remembered. A signature made at T is accepted from T - skew (our clock
 * behind the sender's) to T + maxAge; the first delivery came at R >= T - skew, so a replay of that same
 * signed request is accepted until at most R + skew + maxAge. Kept that long (and a margin), a replay is
 * refused as long as its signature would be accepted; after that, its stale signature refuses it.
 */
export function inboxSeenRetentionMs(window: SignatureWindow): number {
  return (window.signatureMaxAgeSeconds + window.signatureMaxSkewSeconds) * 1000 + INBOX_SEEN_MARGIN_MS;
}

/** Deletes the rows received before now - retention, a batch per statement; returns how many went. */
export async function purgeInboxSeen(db: Kysely<any>, clock: Clock, window: SignatureWindow): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - inboxSeenRetentionMs(window));
  let deleted = 0;
  for (;;) {
    // By the received_at index, oldest first; a batch that comes back short was the last.
    const result = await db
      .deleteFrom('core_inbox_seen')
      .where('activity_uri', 'in', db.selectFrom('core_inbox_seen').select('activity_uri').where('received_at', '<', cutoff).orderBy('received_at').limit(PURGE_INBOX_SEEN_BATCH))
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < PURGE_INBOX_SEEN_BATCH) return deleted;
  }
}

/** The job and its schedule; the kernel registers them beside the other federation jobs. */
export function inboxSeenJobs(deps: { db: Kysely<any>; clock: Clock; settings: InstanceSettings; log: Logger }): {
  jobs: Record<string, JobDefinition>;
  schedules: JobSchedule[];
} {
  return {
    jobs: {
      [PURGE_INBOX_SEEN_JOB]: {
        maxAttempts: 1,
        handler: async () => {
          const deleted = await purgeInboxSeen(deps.db, deps.clock, deps.settings.federation);
          if (deleted > 0) deps.log.debug({ module: 'federation.inbox', deleted }, 'purged inbox dedupe rows past the signature window');
        },
      },
    },
    schedules: [{ job: PURGE_INBOX_SEEN_JOB, everyMs: PURGE_INBOX_SEEN_EVERY_MS }],
  };
}
