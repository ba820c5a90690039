import type { JobStore, Lease } from './job-store.js';

interface Pending {
  lease: Lease;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for finished jobs: completions that arrive while one update runs are recorded
 * together by the next, in one statement. A busy runner (deliveries finish by the hundred per
 * second) then spends one round trip per batch instead of one per job; a quiet one records each at
 * once. Each job's slot is freed only once its own completion is recorded.
 */
export class CompletionBatcher {
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly store: Pick<JobStore, 'completeAll'>,
    /** The most completions in one statement. */
    private readonly maxBatch: number,
  ) {}

  complete(lease: Lease): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ lease, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    this.store
      .completeAll(batch.map((pending) => pending.lease))
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        this.flushing = false;
        this.flush();
      });
  }
}
