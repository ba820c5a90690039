/**
 * Requests in flight per host in this process. A delivery that finds its host full does not wait in a
 * worker slot: it is queued again a moment later, so one slow host cannot hold every worker.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();

  constructor(private readonly perHost: number) {}

  /** A release function, or null when the host already has `perHost` requests in flight. */
  tryAcquire(host: string): (() => void) | null {
    const current = this.active.get(host) ?? 0;
    if (current >= this.perHost) return null;
    this.active.set(host, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.active.get(host) ?? 1) - 1;
      if (left <= 0) this.active.delete(host);
      else this.active.set(host, left);
    };
  }

  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }
}
