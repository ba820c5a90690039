import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationTestApp, type FederationTestApp } from '../fixtures/federation-app.js';

const webfinger = (app: FederationTestApp, resource?: string) =>
  app.app.inject({ url: '/.well-known/webfinger', query: resource === undefined ? {} : { resource } });

describe('WebFinger and host-meta', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    // CORS limited to one origin for the rest of the API: WebFinger must still be readable from anywhere.
    app = await createFederationTestApp({ settings: { http: { corsOrigins: ['https://app.example'] } } });
    await app.signUp('alice');
  });
  afterAll(() => app.close());

  it('finds a local actor by acct: with the public host and its port', async () => {
    const response = await webfinger(app, 'acct:alice@127.0.0.1:8080');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/jrd\+json/);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toEqual({
      subject: 'acct:alice@127.0.0.1:8080',
      aliases: ['http://127.0.0.1:8080/actors/alice', 'http://127.0.0.1:8080/@alice'],
      links: [
        { rel: 'self', type: 'application/activity+json', href: 'http://127.0.0.1:8080/actors/alice' },
        { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: 'http://127.0.0.1:8080/@alice' },
      ],
    });
  });

  it('finds the same actor by its actor URL and by its profile URL, case-insensitively', async () => {
    for (const resource of ['http://127.0.0.1:8080/actors/alice', 'http://127.0.0.1:8080/@alice', 'acct:ALICE@127.0.0.1:8080']) {
      const response = await webfinger(app, resource);
      expect(response.statusCode, resource).toBe(200);
      expect(response.json().subject).toBe('acct:alice@127.0.0.1:8080');
    }
  });

  it('finds the instance actor', async () => {
    const response = await webfinger(app, 'acct:instance_actor@127.0.0.1:8080');
    expect(response.statusCode).toBe(200);
    expect(response.json().links[0].href).toBe('http://127.0.0.1:8080/actors/instance_actor');
  });

  it('answers 404 for an unknown user, another host, or the host without its port', async () => {
    const unknown = await webfinger(app, 'acct:nobody@127.0.0.1:8080');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/no actor named nobody/);
    const otherHost = await webfinger(app, 'acct:alice@mastodon.example');
    expect(otherHost.statusCode).toBe(404);
    expect(otherHost.json().message).toMatch(/mastodon\.example is not this server/);
    expect((await webfinger(app, 'acct:alice@127.0.0.1')).statusCode).toBe(404);
    expect((await webfinger(app, 'https://elsewhere.example/actors/alice')).statusCode).toBe(404);
    expect((await webfinger(app, 'http://127.0.0.1:8080/somewhere/else')).statusCode).toBe(404);
  });

  it('answers 400 with a reason for a missing or malformed resource', async () => {
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /resource parameter is required/],
      ['', /resource parameter is required/],
      ['acct:alice', /not of the form acct:user@host/],
      ['acct:@127.0.0.1:8080', /not of the form acct:user@host/],
      ['alice@127.0.0.1:8080', /neither an acct: URI nor an http\(s\) URL/],
      ['mailto:alice@127.0.0.1', /neither an acct: URI nor an http\(s\) URL/],
    ];
    for (const [resource, reason] of cases) {
      const response = await webfinger(app, resource);
      expect(response.statusCode, String(resource)).toBe(400);
      expect(response.json().message, String(resource)).toMatch(reason);
    }
  });

  it('serves host-meta with the lrdd template, as XRD and as JSON', async () => {
    const xrd = await app.app.inject('/.well-known/host-meta');
    expect(xrd.statusCode).toBe(200);
    expect(xrd.headers['content-type']).toMatch(/^application\/xrd\+xml/);
    expect(xrd.body).toContain('<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">');
    expect(xrd.body).toContain('<Link rel="lrdd" template="http://127.0.0.1:8080/.well-known/webfinger?resource={uri}"/>');
    const json = await app.app.inject('/.well-known/host-meta.json');
    expect(json.json()).toEqual({ links: [{ rel: 'lrdd', template: 'http://127.0.0.1:8080/.well-known/webfinger?resource={uri}' }] });
  });
});
