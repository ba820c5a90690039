import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { RateLimitedError, type InstanceSettings } from '@commonplace/sdk/internal';

/** Requests refused for the rate limit: they write no access line of their own (see logOncePerWindow). */
const refusedRequests = new WeakSet<FastifyRequest>();

export function isRefusedForRateLimit(request: FastifyRequest): boolean {
  return refusedRequests.has(request);
}

/**
 * The per-client HTTP rate limit. A refusal is a RateLimitedError (429 RATE_LIMITED with
 * Retry-After), which the app's error handler and /graphql's error formatter both answer as such.
 * A flood of refusals is logged once per client per window, as a warning: one line per refused
 * request turned 75,000 refusals into 46 MB of log.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  limits: InstanceSettings['http']['rateLimit'],
  options: { redis?: Redis; allowList: (request: FastifyRequest) => boolean },
): Promise<void> {
  const windowOf = (request: FastifyRequest) => routeWindowMs(request) ?? limits.windowMs;
  const logged = logOncePerWindow();
  await app.register(rateLimit, {
    max: limits.max,
    timeWindow: limits.windowMs,
    ...(options.redis ? { redis: options.redis, nameSpace: 'commonplace-rate-limit:' } : {}),
    // With Redis down, serve unthrottled rather than fail every request.
    skipOnError: true,
    allowList: options.allowList,
    onExceeded: (request, key) => {
      refusedRequests.add(request);
      const windowMs = windowOf(request);
      if (logged(key, windowMs)) request.log.warn({ client: request.ip, windowMs }, 'client over the HTTP rate limit; further refusals in this window are not logged');
    },
    errorResponseBuilder: (request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      const error = new RateLimitedError(
        `Rate limit of ${context.max} requests per ${describeDuration(windowOf(request))} exceeded; retry after ${context.after}.`,
        retryAfterSeconds,
      );
      // Fastify and mercurius read the status from the error.
      return Object.assign(error, { statusCode: 429 });
    },
  });
}

/** A route's own window (the inbox's, federated search's), when it sets one in milliseconds. */
function routeWindowMs(request: FastifyRequest): number | undefined {
  const window = (request.routeOptions.config as { rateLimit?: { timeWindow?: unknown } } | undefined)?.rateLimit?.timeWindow;
  return typeof window === 'number' ? window : undefined;
}

/** true the first time a key is seen in each window; remembers no more keys than are limited at once. */
function logOncePerWindow(): (key: string, windowMs: number) => boolean {
  const until = new Map<string, number>();
  return (key, windowMs) => {
    const now = Date.now();
    const known = until.get(key);
    if (known !== undefined && known > now) return false;
    if (until.size >= 10_000) {
      for (const [other, end] of until) if (end <= now) until.delete(other);
    }
    until.set(key, now + windowMs);
    return true;
  };
}

/** 90000 → "1 minute 30 seconds": the window as configured, not the time left in it. */
export function describeDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1_000],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} ms`);
  return parts.join(' ');
}
