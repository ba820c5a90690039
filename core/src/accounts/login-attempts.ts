import { sql } from 'kysely';
import { RateLimitedError, type Clock, type InstanceSettings } from '@commonplace/sdk/internal';
import { digest } from './secrets.js';
import type { AccountsDb } from './tables.js';

export type LoginAttemptLimits = InstanceSettings['auth']['loginAttempts'];

/**
 * Counts password checks per login name and per client address in the database, so the limits
 * hold across web processes. A window opens at the first counted attempt and lasts windowSeconds.
 *
 * Each attempt takes its place in the count *before* the password is checked, so parallel
 * guesses cannot slip past the limit. An attempt refused for the limit, or whose password was
 * right, gives its place back: the counts are of wrong passwords (and checks under way).
 *
 * Within one request only the first check may give its place back: a mutation of many aliases of
 * `logIn` with the right password would otherwise run them all, whatever the limit. A later check
 * in the same request takes back the place the first gave up, so every check of a request counts and
 * its 11th is refused as an 11th wrong password across requests is.
 */
export class LoginAttempts {
  /** Per request (its GraphQL context), gone with it. */
  private readonly requests = new WeakMap<object, ChecksInRequest>();

  constructor(
    private readonly db: AccountsDb,
    private readonly limits: LoginAttemptLimits,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt against `subject` (the account, or the login typed when it names none) and
   * `address` (when known). RATE_LIMITED when either is over its limit. Returns a function that
   * gives the attempt back, to call when the password turned out right.
   */
  async begin(subject: string, address: string | null, request?: object): Promise<() => Promise<void>> {
    const keys: Array<{ key: string; limit: number }> = [{ key: keyOf('login', subject), limit: this.limits.perLogin }];
    if (address) keys.push({ key: keyOf('address', address), limit: this.limits.perAddress });

    const inRequest = this.checksIn(request);
    inRequest.checks += 1;
    const now = this.clock.now();
    const counted = await Promise.all(
      keys.map(({ key }) => {
        // The place an earlier right password of this request gave back is taken again.
        const retaken = inRequest.givenBack.delete(key) ? 1 : 0;
        return this.count(key, now, 1 + retaken);
      }),
    );
    const exceeded = counted.filter((row, i) => row.count > keys[i]!.limit);
    const giveBack = () => this.release(keys.map((k) => k.key), now);
    if (exceeded.length > 0) {
      await giveBack();
      const windowEnd = Math.max(...exceeded.map((row) => row.windowStart.getTime() + this.limits.windowSeconds * 1000));
      const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000));
      throw new RateLimitedError('Too many log-in attempts; try again later.', retryAfterSeconds);
    }
    return async () => {
      if (inRequest.checks > 1) return;
      await giveBack();
      for (const { key } of keys) inRequest.givenBack.add(key);
    };
  }

  /** What one request has checked so far; a call with no request stands alone. */
  private checksIn(request: object | undefined): ChecksInRequest {
    if (!request) return { checks: 0, givenBack: new Set() };
    let checks = this.requests.get(request);
    if (!checks) {
      checks = { checks: 0, givenBack: new Set() };
      this.requests.set(request, checks);
    }
    return checks;
  }

  /**
   * Counts a sign-up from `address`; RATE_LIMITED past `signUpsPerAddress` in the window. Sign-up
   * costs a password hash and two key pairs, so an open instance must not do it without bound.
   * Returns a function that gives the place back, for a sign-up that was refused.
   */
  async countSignUp(address: string, signUpsPerAddress: number): Promise<() => Promise<void>> {
    const now = this.clock.now();
    const key = keyOf('signup', address);
    const row = await this.count(key, now);
    const giveBack = () => this.release([key], now);
    if (row.count > signUpsPerAddress) {
      await giveBack();
      const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + this.limits.windowSeconds * 1000 - now.getTime()) / 1000));
      throw new RateLimitedError('Too many sign-ups from this address; try again later.', retryAfterSeconds);
    }
    return giveBack;
  }

  /** Deletes counters whose window has passed. */
  async purge(): Promise<number> {
    const result = await this.db
      .deleteFrom('core_rate_limits')
      .where('window_start', '<=', this.windowOpenedBefore(this.clock.now()))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** One atomic statement: a lapsed window restarts at now with a count of 1, a live one counts up. */
  private async count(key: string, now: Date, by = 1): Promise<{ windowStart: Date; count: number }> {
    const lapsed = sql<boolean>`core_rate_limits.window_start <= ${this.windowOpenedBefore(now)}`;
    const row = await this.db
      .insertInto('core_rate_limits')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          window_start: sql`case when ${lapsed} then excluded.window_start else core_rate_limits.window_start end`,
          count: sql`case when ${lapsed} then 1 else core_rate_limits.count + ${by} end`,
        }),
      )
      .returning(['window_start', 'count'])
      .executeTakeFirstOrThrow();
    return { windowStart: new Date(row.window_start), count: Number(row.count) };
  }

  private async release(keys: string[], countedAt: Date): Promise<void> {
    await this.db
      .updateTable('core_rate_limits')
      .set({ count: sql`greatest(count - 1, 0)` })
      .where('key', 'in', keys)
      // Only give back to the window the attempt was counted in.
      .where('window_start', '<=', countedAt)
      .where('window_start', '>', this.windowOpenedBefore(countedAt))
      .execute();
  }

  private windowOpenedBefore(now: Date): Date {
    return new Date(now.getTime() - this.limits.windowSeconds * 1000);
  }
}

interface ChecksInRequest {
  checks: number;
  /** Counters the request's right password gave its place back to. */
  givenBack: Set<string>;
}

/** Hashed, so the table holds neither email addresses nor client IPs. */
function keyOf(kind: 'login' | 'address' | 'signup', value: string): string {
  return `${kind}:${digest(value)}`;
}
