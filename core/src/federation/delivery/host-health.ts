import { sql, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';

export interface HostState {
  consecutiveFailures: number;
  failingSince: Date | null;
  pausedUntil: Date | null;
}

/** Hosts whose state one process remembers at once. */
const MAX_REMEMBERED_HOSTS = 10_000;

/**
 * `core_delivery_hosts`: per-host failure counts and pauses, shared by every process. Each process
 * remembers what it read for `hotCacheSeconds` (most hosts are healthy and have no row, and delivery
 * asks before every POST); what this process records replaces its memory at once.
 */
export class HostHealth {
  private readonly remembered: LRUCache<string, { state: HostState | null }> | null;

  constructor(
    private readonly db: Kysely<any>,
    hotCacheSeconds = 0,
  ) {
    this.remembered = hotCacheSeconds > 0 ? new LRUCache({ max: MAX_REMEMBERED_HOSTS, ttl: hotCacheSeconds * 1000 }) : null;
  }

  async state(host: string): Promise<HostState | null> {
    const remembered = this.remembered?.get(host);
    if (remembered) return remembered.state;
    const state = await this.read(host);
    this.remembered?.set(host, { state });
    return state;
  }

  private async read(host: string): Promise<HostState | null> {
    const row = await this.db
      .selectFrom('core_delivery_hosts')
      .select(['consecutive_failures', 'failing_since', 'paused_until'])
      .where('host', '=', host)
      .executeTakeFirst();
    if (!row) return null;
    return {
      consecutiveFailures: Number(row.consecutive_failures),
      failingSince: row.failing_since ? new Date(row.failing_since) : null,
      pausedUntil: row.paused_until ? new Date(row.paused_until) : null,
    };
  }

  /** The host answered: its failures and any pause are cleared (a no-op write for a healthy host is skipped). */
  async recordSuccess(host: string): Promise<void> {
    this.remembered?.delete(host);
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
      .returning(['paused_until'])
      .executeTakeFirst();
    return row?.paused_until ? new Date(row.paused_until) : null;
  }
}
