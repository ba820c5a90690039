import pLimit, { type LimitFunction } from 'p-limit';
import type { InstanceSettings } from '@commonplace/sdk/internal';
import { RemoteFetchError } from './fetch-error.js';

export interface FetchConcurrency {
  /** Fetches in flight to one host (host and port of the URL asked for). */
  perHost: number;
  /** Fetches in flight in all. */
  total: number;
  /** The longest a fetch waits for its turn before it is refused ('busy'). */
  queueWaitMs: number;
}

/** The caps an instance's `federation` settings set. */
export function fetchConcurrencyFrom(federation: InstanceSettings['federation']): FetchConcurrency {
  return { perHost: federation.fetchConcurrencyPerHost, total: federation.fetchConcurrency, queueWaitMs: federation.fetchQueueWaitMs };
}

/**
 * Outgoing fetches in flight at once in this process: at most `perHost` to one host and `total` in all,
 * so a flood of made-up key ids cannot open a connection each. The rest wait their turn in order, each
 * at most `queueWaitMs`, and are then refused with a RemoteFetchError('busy'); one that gave up keeps
 * its place in the queue but does nothing when its turn comes.
 */
export class FetchLimiter {
  private readonly total: LimitFunction;
  /** host -> its limiter and the fetches waiting or running on it (dropped when none are). */
  private readonly hosts = new Map<string, { limit: LimitFunction; users: number }>();

  constructor(private readonly limits: FetchConcurrency) {
    this.total = pLimit(limits.total);
  }

  run<T>(url: string, fetch: () => Promise<T>): Promise<T> {
    const host = hostKey(url);
    const entry = this.hosts.get(host) ?? { limit: pLimit(this.limits.perHost), users: 0 };
    this.hosts.set(host, entry);
    entry.users += 1;
    return new Promise<T>((resolve, reject) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(new RemoteFetchError('busy', this.busyReason(host), url));
      }, this.limits.queueWaitMs);
      // Per host first, then the total: a host's backlog waits on its own limiter, not in the shared queue.
      void entry
        .limit(() =>
          this.total(async () => {
            if (gaveUp) return;
            clearTimeout(timer);
            try {
              resolve(await fetch());
            } catch (error) {
              reject(error);
            }
          }),
        )
        .finally(() => {
          entry.users -= 1;
          if (entry.users === 0 && this.hosts.get(host) === entry) this.hosts.delete(host);
        });
    });
  }

  private busyReason(host: string): string {
    const { perHost, total, queueWaitMs } = this.limits;
    const totalFull = this.total.activeCount >= total;
    const which = totalFull ? `${total} fetches in all (federation.fetchConcurrency)` : `${perHost} fetches to ${host} (federation.fetchConcurrencyPerHost)`;
    return `too many remote fetches in flight: ${which} already running, and none ended within ${queueWaitMs} ms (federation.fetchQueueWaitMs)`;
  }
}

function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    // Refused by fetchRemote itself; counted under one key meanwhile.
    return '';
  }
}
