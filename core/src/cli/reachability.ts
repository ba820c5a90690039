import type { InstanceSettings } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';
import { isSecretParameter } from '../http/redact-url.js';

/** How long a command waits for the database or Redis before saying it cannot reach them. */
export const REACHABILITY_TIMEOUT_MS = 5_000;

/**
 * Connects once to the PostgreSQL server and the Redis server the settings name, before boot: a bad
 * DATABASE_URL otherwise surfaced as a stack trace from the first migration, and a bad REDIS_URL as
 * reconnection errors forever (ioredis and BullMQ retry without end). Either stops here with one line
 * naming the server (its password masked) and the reason.
 */
export async function checkServersReachable(settings: InstanceSettings, timeoutMs = REACHABILITY_TIMEOUT_MS): Promise<void> {
  if (settings.database.url) await checkDatabase(settings.database.url, timeoutMs);
  if (settings.redis.url) await checkRedis(settings.redis.url, timeoutMs);
}

async function checkDatabase(url: string, timeoutMs: number): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    await client.end().catch(() => {});
    throw new BootError('core', `cannot reach the database at ${maskPassword(url)} (${reasonOf(error)}); check DATABASE_URL.`);
  }
}

async function checkRedis(url: string, timeoutMs: number): Promise<void> {
  const { Redis } = await import('ioredis');
  let lastError: unknown;
  // One attempt, no retries, no queue: the reason is the socket's error, which connect() only reports as "Connection is closed".
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', (error) => (lastError = error));
  try {
    await redis.connect();
    await redis.ping();
    await redis.quit();
  } catch (error) {
    redis.disconnect();
    throw new BootError('core', `cannot reach Redis at ${maskPassword(url)} (${reasonOf(lastError ?? error)}); check REDIS_URL.`);
  }
}

/**
 * A connection URL fit to print: its password replaced by `***`, and so is any option that carries one
 * (`?password=`, `?sslpassword=`): node-postgres and ioredis both read options from the query string.
 */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of new Set(parsed.searchParams.keys())) {
      if (isSecretParameter(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/** A network error's code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT), else the server's message (a wrong password, a missing database). */
function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  return typeof message === 'string' && message ? message : String(error);
}
