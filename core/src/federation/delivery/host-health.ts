import { sql, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';

export interface HostState {
  consecutiveFailures: number;
  failingSince: Date | null;
  pausedUntil: Date | null;
}

/** Hosts whose state one process remembers at once, and the most failing hosts read in one query. */
const MAX_REMEMBERED_HOSTS = 10_000;

/**
 * `core_delivery_hosts`: per-host failure counts and pauses, shared by every process. Delivery asks
 * before every POST, and most hosts are healthy and have no row, so each process reads every failing
 * host in one query and keeps that list for `hotCacheSeconds` (a fan-out to 500 hosts then costs one
 * read, not 500). Past MAX_REMEMBERED_HOSTS failing hosts it reads host by host, remembering each as
 * long. What this process records replaces its memory at once.
 */
export class HostHealth {
  private readonly remembered: LRUCache<string, { state: HostState | null }> | null;
  private readonly ttlMs: number;
  /** Every failing host, or null when there were too many to hold. */
  private failing: { hosts: Map<string, HostState> | null; at: number } | null = null;
  private loadingFailing: Promise<Map<string, HostState> | null> | null = null;

  constructor(
    private readonly db: Kysely<any>,
    hotCacheSeconds = 0,
  ) {
    this.ttlMs = hotCacheSeconds * 1000;
    this.remembered = hotCacheSeconds > 0 ? new LRUCache({ max: MAX_REMEMBERED_HOSTS, ttl: this.ttlMs }) : null;
  }

  async state(host: string): Promise<HostState | null> {
    if (this.ttlMs <= 0) return this.read(host);
    const failing = await this.failingHosts();
    if (failing) return failing.get(host) ?? null;
    const remembered = this.remembered?.get(host);
    if (remembered) return remembered.state;
    const state = await this.read(host);
    this.remembered?.set(host, { state });
    return state;
  }

  private failingHosts(): Promise<Map<string, HostState> | null> {
    if (this.failing && performance.now() - this.failing.at < this.ttlMs) return Promise.resolve(this.failing.hosts);
    this.loadingFailing ??= this.readFailing().then(
      (hosts) => {
        this.failing = { hosts, at: performance.now() };
        this.loadingFailing = null;
        return hosts;
      },
      (error: unknown) => {
        this.loadingFailing = null;
        throw error;
      },
    );
    return this.loadingFailing;
  }

  private async readFailing(): Promise<Map<string, HostState> | null> {
    const rows = await this.db
      .selectFrom('core_delivery_hosts')
      .select(['host', 'consecutive_failures', 'failing_since', 'paused_until'])
      .where((eb) => eb.or([eb('consecutive_failures', '>', 0), eb('paused_until', 'is not', null), eb('failing_since', 'is not', null)]))
      .limit(MAX_REMEMBERED_HOSTS + 1)
      .execute();
    if (rows.length > MAX_REMEMBERED_HOSTS) return null;
    return new Map(rows.map((row) => [row.host as string, stateOf(row)]));
  }

  private async read(host: string): Promise<HostState | null> {
    const row = await this.db
      .selectFrom('core_delivery_hosts')
      .select(['consecutive_failures', 'failing_since', 'paused_until'])
      .where('host', '=', host)
      .executeTakeFirst();
    return row ? stateOf(row) : null;
  }

  /** The host answered: its failures and any pause are cleared (a no-op write for a healthy host is skipped). */
  async recordSuccess(host: string): Promise<void> {
    this.remembered?.delete(host);
    this.failing?.hosts?.delete(host);
    await this.db
      .updateTable('core_delivery_hosts')
      .set({ consecutive_failures: 0, failing_since: null, paused_until: null })
      .where('host', '=', host)
      .where((eb) => eb.or([eb('consecutive_failures', '>', 0), eb('paused_until', 'is not', null), eb('failing_since', 'is not', null)]))
      .execute();
  }

  /**
   * One more failure. When the host has been failing since longer than `pauseAfterMs`, it is paused
   * until now + pauseMs. Returns the pause end when the host is (now) paused.
   */
  async recordFailure(host: string, now: Date, pauseAfterMs: number, pauseMs: number): Promise<Date | null> {
    const cutoff = new Date(now.getTime() - pauseAfterMs);
    const until = new Date(now.getTime() + pauseMs);
    const ts = (value: Date) => sql`cast(${value.toISOString()} as timestamptz)`;
    this.remembered?.delete(host);
    const row = await this.db
      .insertInto('core_delivery_hosts')
      .values({
        host,
        failing_since: ts(now),
        consecutive_failures: 1,
        paused_until: pauseAfterMs <= 0 ? ts(until) : null,
      })
      .onConflict((conflict) =>
        conflict.column('host').doUpdateSet({
          consecutive_failures: sql`core_delivery_hosts.consecutive_failures + 1`,
          failing_since: sql`coalesce(core_delivery_hosts.failing_since, ${ts(now)})`,
          paused_until: sql`case
            when core_delivery_hosts.paused_until is not null and core_delivery_hosts.paused_until > ${ts(now)} then core_delivery_hosts.paused_until
            when coalesce(core_delivery_hosts.failing_since, ${ts(now)}) <= ${ts(cutoff)} then ${ts(until)}
            else null end`,
        }),
      )
      .returning(['consecutive_failures', 'failing_since', 'paused_until'])
      .executeTakeFirst();
    if (row) this.failing?.hosts?.set(host, stateOf(row));
    return row?.paused_until ? new Date(row.paused_until) : null;
  }
}

function stateOf(row: { consecutive_failures: unknown; failing_since: unknown; paused_until: unknown }): HostState {
  return {
    consecutiveFailures: Number(row.consecutive_failures),
    failingSince: row.failing_since ? new Date(row.failing_since as string) : null,
    pausedUntil: row.paused_until ? new Date(row.paused_until as string) : null,
  };
}
