import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { healthRoutes } from '../../../core/src/http/health-routes.js';

/** Core's HTTP app with a logger whose lines the test reads. */
async function appWithLog(): Promise<{ app: FastifyInstance; lines: () => Array<Record<string, any>> }> {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  const app = await createHttpApp({ settings: instanceSettingsSchema.parse({}), logger });
  await healthRoutes(app, { database: async () => true, jobs: async () => true });
  app.get('/hello', async () => ({ hello: 'world' }));
  app.get('/broken', async () => {
    throw new Error('the disk is on fire');
  });
  return { app, lines: () => written.map((line) => JSON.parse(line)) };
}

describe('request logging', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('writes one line per request, when it completes, with the request, the status and the time taken', async () => {
    const logged = await appWithLog();
    app = logged.app;
    await app.inject({ url: '/hello?x=1', headers: { 'x-request-id': 'req-log-1', authorization: 'Bearer cp_secret' } });

    const lines = logged.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', reqId: 'req-log-1', req: { method: 'GET', url: '/hello?x=1' }, res: { statusCode: 200 } });
    expect(typeof lines[0]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('cp_secret');
  });

  it('writes nothing for the health probes, and the failure besides the line for a request that failed', async () => {
    const logged = await appWithLog();
    app = logged.app;
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect(logged.lines()).toEqual([]);

    expect((await app.inject('/broken')).statusCode).toBe(500);
    const lines = logged.lines();
    expect(lines.map((line) => line.msg)).toEqual(['request failed', 'request completed']);
    expect(lines[0]).toMatchObject({ level: 50, err: { message: 'the disk is on fire' } });
    expect(lines[1]).toMatchObject({ req: { method: 'GET', url: '/broken' }, res: { statusCode: 500 } });
  });
});
