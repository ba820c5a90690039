import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { securityHeaders } from '../../../core/src/http/security-headers.js';

describe('security headers', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('come with every response, a 404 and a failure included, and a route may set its own policy', async () => {
    app = await createHttpApp({ settings: instanceSettingsSchema.parse({}), logger: pino({ level: 'silent' }) });
    app.get('/broken', async () => {
      throw new Error('nope');
    });
    app.get('/own-policy', async (_request, reply) => reply.header('content-security-policy', "default-src 'none'").send('ok'));

    for (const [url, status] of [['/missing', 404], ['/broken', 500]] as const) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(status);
      expect(response.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': expect.stringContaining('max-age='),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'cross-origin',
      });
    }
    const own = await app.inject('/own-policy');
    expect(own.headers['content-security-policy']).toBe("default-src 'none'");
    expect(own.headers['x-content-type-options']).toBe('nosniff');
  });

  it('are worked out from helmet once, and refuse options that would differ per request', () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ['https:'] } }, xFrameOptions: { action: 'deny' } });
    expect(headers['content-security-policy']).toContain("img-src https:");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(Object.isFrozen(headers)).toBe(true);
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-abc'"] } } }),
    ).toThrow(/per request/);
  });
});
