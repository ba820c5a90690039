import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { instanceSettingsSchema } from '@commonplace/sdk/internal';
import { createHttpApp } from '../../../core/src/http/create-http-app.js';
import { redactUrl } from '../../../core/src/http/redact-url.js';

/** Core's HTTP app with a logger whose output the test reads, and routes standing for /graphql and OAuth. */
async function appWithLog(): Promise<{ app: FastifyInstance; output: () => string }> {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  const app = await createHttpApp({ settings: instanceSettingsSchema.parse({}), logger: pino({ level: 'info' }, sink) });
  app.get('/graphql', async (_request, reply) => reply.status(400).send({ errors: [{ message: 'mutations need POST' }] }));
  app.get('/oauth/authorize', async () => ({ ok: true }));
  app.get('/hello', async () => ({ hello: 'world' }));
  app.get('/broken', async () => {
    throw new Error('the disk is on fire');
  });
  return { app, output: () => written.join('') };
}

describe('secrets in request URLs are kept out of the log', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('withholds the query string of /graphql and /oauth, and token, password and secret parameters anywhere', async () => {
    const logged = await appWithLog();
    app = logged.app;
    const query = encodeURIComponent('mutation { logIn(input: { login: "alice", password: "hunter2-is-my-password" }) { token } }');
    await app.inject(`/graphql?query=${query}`);
    await app.inject('/oauth/authorize?client_id=app&state=oauth-state-secret');
    await app.inject('/hello?access_token=cp_live_token_123&page=2&client_secret=shh-client&Password=pw-upper');
    await app.inject('/broken?token=cp_broken_token');

    const output = logged.output();
    for (const secret of ['hunter2-is-my-password', 'oauth-state-secret', 'cp_live_token_123', 'shh-client', 'pw-upper', 'cp_broken_token']) {
      expect(output).not.toContain(secret);
    }
    const urls = output.trim().split('\n').map((line) => JSON.parse(line).req?.url).filter(Boolean);
    expect(urls).toEqual([
      '/graphql?[redacted]',
      '/oauth/authorize?[redacted]',
      '/hello?access_token=[redacted]&page=2&client_secret=[redacted]&Password=[redacted]',
      '/broken?token=[redacted]',
    ]);
  });

  it('withholds the query string of /graphql reached by a percent-encoded path, as the router matches it', async () => {
    const logged = await appWithLog();
    app = logged.app;
    const query = encodeURIComponent('mutation { logIn(input: { login: "alice", password: "encoded-path-password" }) { token } }');
    const response = await app.inject(`/%67raphql?query=${query}`);
    // The route for /graphql answered, so the router took /%67raphql for it.
    expect(response.json()).toEqual({ errors: [{ message: 'mutations need POST' }] });
    expect(logged.output()).not.toContain('encoded-path-password');
    expect(redactUrl('/%6Fauth/authorize?state=s1')).toBe('/%6Fauth/authorize?[redacted]');
  });

  it('leaves other query strings as they were', () => {
    expect(redactUrl('/search?q=wool&page=2')).toBe('/search?q=wool&page=2');
    expect(redactUrl('/search?author=alice&auth_key=k1&key=k2&authorization=k3')).toBe('/search?author=alice&auth_key=[redacted]&key=[redacted]&authorization=[redacted]');
    expect(redactUrl('/graphiql?x=1')).toBe('/graphiql?x=1');
    expect(redactUrl('/users/alice')).toBe('/users/alice');
    expect(redactUrl('/x?%E0%A4%A=1')).toBe('/x?[redacted]');
  });
});
