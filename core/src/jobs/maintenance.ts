/** Completed rows are kept this long (for inspection), then deleted so the table does not grow forever. */
export const COMPLETED_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How often that deletion runs. */
export const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/**
 * How often leases are renewed and expired ones recovered: a third of the lease, so a live
 * process renews twice before anyone may take its jobs; at most a minute, so a crash is noticed soon.
 */
export function maintenanceIntervalMs(leaseMs: number): number {
  return Math.max(100, Math.min(Math.floor(leaseMs / 3), 60_000));
}
