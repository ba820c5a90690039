/** Longest wait between two attempts, so a job with many attempts does not drift years into the future. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

/** Delay before the retry that follows failed attempt `attempt` (1-based): backoffMs, then doubling. */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(backoffMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
}
