/** How often completed and dead rows past their retention (jobs.completedRetentionMs, jobs.deadRetentionMs) are deleted. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/**
 * How often leases are renewed and expired ones recovered: a third of the lease, so a live
 * process renews twice before anyone may take its jobs; at most a minute, so a crash is noticed soon.
 */
export function maintenanceIntervalMs(leaseMs: number): number {
  return Math.max(100, Math.min(Math.floor(leaseMs / 3), 60_000));
}
