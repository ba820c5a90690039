import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { lazyRequestLogger } from '../../../core/src/http/lazy-request-logger.js';

function sinkLogger(level = 'info'): { logger: pino.Logger; lines: () => Array<Record<string, any>> } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines: () => written.map((line) => JSON.parse(line)) };
}

describe('lazyRequestLogger', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('makes no child for lines below its level, and the real child, with its bindings, for the first line at or above it', () => {
    const { logger, lines } = sinkLogger();
    const child = vi.spyOn(logger, 'child');
    const lazy = lazyRequestLogger(logger as FastifyBaseLogger, { reqId: 'r-1' }, { level: 'warn' });

    lazy.info({ outcome: 'accepted' }, 'below the level');
    lazy.debug('below the level too');
    expect(child).not.toHaveBeenCalled();
    expect(lazy.level).toBe('warn');

    lazy.warn({ reason: 'slow' }, 'worth a line');
    lazy.error('and another');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 40, reqId: 'r-1', reason: 'slow', msg: 'worth a line' }),
      expect.objectContaining({ level: 50, reqId: 'r-1', msg: 'and another' }),
    ]);
  });

  it("takes the parent's level when the route sets none, and writes nothing for a silent parent", () => {
    const { logger, lines } = sinkLogger('info');
    const lazy = lazyRequestLogger(logger as FastifyBaseLogger, { reqId: 'r-2' }, {});
    lazy.debug('below info');
    lazy.info('at info');
    expect(lines().map((line) => line.msg)).toEqual(['at info']);

    const silent = sinkLogger('silent');
    const child = vi.spyOn(silent.logger, 'child');
    lazyRequestLogger(silent.logger as FastifyBaseLogger, { reqId: 'r-3' }, {}).fatal('never written');
    expect(child).not.toHaveBeenCalled();
    expect(silent.lines()).toEqual([]);
  });

  it("serves as a Fastify context's child logger factory: a quiet route makes no child, an error still logs with the request id", async () => {
    const { logger, lines } = sinkLogger();
    app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    const child = vi.spyOn(logger, 'child');
    await app.register(async (quiet) => {
      quiet.setChildLoggerFactory(lazyRequestLogger);
      quiet.post('/inbox', { logLevel: 'warn' }, async (_request, reply) => reply.status(202).send());
      quiet.post('/broken', { logLevel: 'warn' }, async () => {
        throw new Error('the disk is on fire');
      });
    });

    expect((await app.inject({ method: 'POST', url: '/inbox', headers: { 'x-request-id': 'a' } })).statusCode).toBe(202);
    expect(child).not.toHaveBeenCalled();
    expect(lines()).toEqual([]);

    expect((await app.inject({ method: 'POST', url: '/broken' })).statusCode).toBe(500);
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines()).toEqual([expect.objectContaining({ level: 50, reqId: expect.any(String), err: expect.objectContaining({ message: 'the disk is on fire' }) })]);
  });
});
