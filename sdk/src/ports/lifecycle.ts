/**
 * What core tells plugins about actors, follows and accounts. A plugin reacts by declaring a handler
 * in its manifest (`events`); core queues each event as a job in the transaction that caused it, so a
 * handler runs after that commit, once, in some process, retried on failure.
 */
export interface LifecycleEvents {
  /** A follow was accepted (either side may be local or remote). */
  'follow.accepted': { followerUri: string; followedUri: string };
  /** A follow ended: undone, rejected after acceptance, or removed by the followed. */
  'follow.removed': { followerUri: string; followedUri: string };
  /** An actor was deleted (a remote actor's Delete, or a local one deleted). */
  'actor.deleted': { actorUri: string; local: boolean };
  /** An actor moved to another account (`Move`, with `alsoKnownAs` checked). */
  'actor.moved': { fromUri: string; toUri: string; local: boolean };
  /**
   * An account was suspended (its sessions ended); plugins hide what it made. Not emitted yet: core
   * has no suspension (issue 23); declared so plugins can handle it once it has.
   */
  'account.suspended': { accountId: string; actorId: string };
  /** Its suspension lifted. Not emitted yet either (issue 23). */
  'account.unsuspended': { accountId: string; actorId: string };
  /** An account was deleted: each plugin deletes or tombstones what the person made. */
  'account.deleted': { accountId: string; actorId: string; actorUri: string };
}

export type LifecycleEventName = keyof LifecycleEvents;

/** The instance shutting down, for plugins holding something open (a stream, a pool). */
export interface LifecyclePort {
  /**
   * Called once when the instance closes, before the jobs and the database stop; the answer
   * unsubscribes. Listeners run side by side, each given at most `http.shutdownGraceMs`.
   */
  onShutdown(listener: () => Promise<void> | void): () => void;
}
