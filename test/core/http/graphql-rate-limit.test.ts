import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { registerGraphQL } from '../../../core/src/graphql/register-graphql.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ping: { type: GraphQLString, resolve: () => 'pong' } } }),
});

/** An app with core's HTTP parts and GraphQL over a one-field schema, logging into `lines`. */
async function appWithLimit(max: number, windowMs: number, lines: Array<Record<string, unknown>>, redis?: Redis): Promise<FastifyInstance> {
  const settings = instanceSettingsSchema.parse({ http: { rateLimit: { max, windowMs } } });
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = await createHttpApp({ settings, logger, ...(redis ? { redis } : {}) });
  app.decorateRequest('scope', { getter: () => ({ cradle: {} }) } as never);
  app.decorateRequest('viewer', null);
  app.get('/hello', async () => ({ hello: true }));
  app.get('/own-limit', { config: { rateLimit: { max: 1, timeWindow: 120_000 } } }, async () => ({ hello: true }));
  await registerGraphQL(app, schema, settings.graphql, logger);
  await app.ready();
  return app;
}

const ask = (app: FastifyInstance, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/graphql', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: { query: '{ ping }' } });

describe('the HTTP rate limit on /graphql', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers 429 RATE_LIMITED with Retry-After, naming the configured window rather than the time left', async () => {
    app = await appWithLimit(2, 90_000, []);
    expect((await ask(app)).statusCode).toBe(200);
    expect((await ask(app)).statusCode).toBe(200);
    const limited = await ask(app);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const [error] = limited.json().errors;
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(limited.headers['retry-after']) });
    expect(error.message).toMatch(/2 requests per 1 minute 30 seconds/);
    // Another client is not throttled by this one.
    expect((await ask(app, '10.0.0.2')).statusCode).toBe(200);
  });

  it.runIf(process.env.REDIS_URL)('answers 429 with the same Retry-After and message when the counts are kept in Redis', async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      app = await appWithLimit(1, 90_000, [], redis);
      // A client address of this run only, so that counts left by an earlier run do not matter.
      const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      expect((await ask(app, ip)).statusCode).toBe(200);
      const limited = await ask(app, ip);
      expect(limited.statusCode).toBe(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(90);
      const [error] = limited.json().errors;
      expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
      expect(error.message).toMatch(/1 requests per 1 minute 30 seconds/);
    } finally {
      await app?.close();
      app = undefined;
      await redis.quit();
    }
  });

  it('answers other routes with the same 429 body', async () => {
    app = await appWithLimit(1, 60_000, []);
    expect((await app.inject({ url: '/hello', remoteAddress: '10.0.0.3' })).statusCode).toBe(200);
    const limited = await app.inject({ url: '/hello', remoteAddress: '10.0.0.3' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/1 requests per 1 minute exceeded/) });
    expect(limited.headers['retry-after']).toBeDefined();
    // A route with a limit of its own is described by its own window.
    await app.inject({ url: '/own-limit', remoteAddress: '10.0.0.4' });
    expect((await app.inject({ url: '/own-limit', remoteAddress: '10.0.0.4' })).json().message).toMatch(/1 requests per 2 minutes exceeded/);
  });

  it('logs a throttled client once per window, not once per refused request, and never as an error', async () => {
    const lines: Array<Record<string, unknown>> = [];
    app = await appWithLimit(1, 60_000, lines);
    for (let i = 0; i < 20; i += 1) await ask(app);
    await ask(app, '10.0.0.9');
    await ask(app, '10.0.0.9');
    const refusedLines = lines.filter((line) => (line.res as { statusCode?: number } | undefined)?.statusCode === 429 || /rate limit/i.test(String(line.msg)));
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    // One line for each client that went over, whatever the number of refusals.
    expect(refusedLines).toHaveLength(2);
  });
});
