/** Completed rows are kept this long (for inspection), then deleted so the table does not grow forever. */
export const COMPLETED_RETENTION_MS = 24 * 60 * 60 * 1000;
/**
 * Dead rows (out of attempts) are kept this long for an operator to read or retry, then deleted: a
 * host gone for good otherwise leaves a dead delivery row per activity for ever.
 */
export const DEAD_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** How often those deletions run. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/**
 * How often leases are renewed and expired ones recovered: a third of the lease, so a live
 * process renews twice before anyone may take its jobs; at most a minute, so a crash is noticed soon.
 */
export function maintenanceIntervalMs(leaseMs: number): number {
  return Math.max(100, Math.min(Math.floor(leaseMs / 3), 60_000));
}
