import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVITY_ACCEPT,
  parseRequestSignature,
  signRequest,
  signRequestRfc9421,
  verifyRequest,
  type ParsedSignature,
} from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';
import { changeOneByte, keySource, newKeyPair, type KeyPairPem } from './helpers.js';

const actor = 'http://127.0.0.1:8080/users/alice';
const keyId = `${actor}#main-key`;
const inbox = 'http://127.0.0.1:9090/users/bob/inbox';
const activity = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Create', actor, object: { type: 'Note', content: 'héllo' } });

let rsa: KeyPairPem;
let ed25519: KeyPairPem;
beforeAll(async () => {
  [rsa, ed25519] = await Promise.all([newKeyPair('rsa'), newKeyPair('ed25519')]);
});

const clock = () => new ManualClock(new Date('2026-03-01T12:00:00Z'));

describe('signRequest (draft-cavage rsa-sha256)', () => {
  it('POST: Host with its port, IMF-fixdate Date, SHA-256 Digest, and the Mastodon header list', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, headers: { 'Content-Type': 'application/activity+json' }, body: activity }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(headers.Host).toBe('127.0.0.1:9090');
    expect(headers.Date).toBe('Sun, 01 Mar 2026 12:00:00 GMT');
    expect(headers.Digest).toBe(`SHA-256=${createHash('sha256').update(activity, 'utf8').digest('base64')}`);
    expect(headers.Signature).toMatch(/^keyId="http:\/\/127\.0\.0\.1:8080\/users\/alice#main-key",algorithm="rsa-sha256",headers="\(request-target\) host date digest content-type",signature="[A-Za-z0-9+/=]+"$/);
  });

  it('POST round trip: verifies with the public key, naming the key owner', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body: activity }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    const result = await verifyRequest({ method: 'POST', url: inbox, headers, rawBody: Buffer.from(activity) }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() });
    expect(result).toEqual({ ok: true, keyId, ownerId: actor, scheme: 'draft-cavage', algorithm: 'rsa-v1_5-sha256' });
  });

  it('GET round trip: signs (request-target) host date accept, with no Digest', async () => {
    const url = 'http://127.0.0.1:9090/users/bob?page=true';
    const headers = await signRequest({ method: 'GET', url }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(headers.Digest).toBeUndefined();
    expect(headers.Accept).toBe(ACTIVITY_ACCEPT);
    expect(headers.Signature).toContain('headers="(request-target) host date accept"');
    const parsed = parseRequestSignature({ method: 'GET', url, headers }) as ParsedSignature;
    expect(parsed.signatureBase.split('\n')).toEqual([
      '(request-target): get /users/bob?page=true',
      'host: 127.0.0.1:9090',
      'date: Sun, 01 Mar 2026 12:00:00 GMT',
      `accept: ${ACTIVITY_ACCEPT}`,
    ]);
    expect(await verifyRequest({ method: 'GET', url, headers }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() })).toMatchObject({ ok: true });
  });

  it('Host keeps a non-default port and drops a default one, as the HTTP client sends it', async () => {
    const sign = (url: string) => signRequest({ method: 'GET', url }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect((await sign('https://example.com:8443/a')).Host).toBe('example.com:8443');
    expect((await sign('https://example.com:443/a')).Host).toBe('example.com');
  });

  it('a proxy that drops the port from Host breaks the signature', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body: activity }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    const result = await verifyRequest({ method: 'POST', url: 'http://127.0.0.1/users/bob/inbox', headers: { ...headers, Host: '127.0.0.1' }, rawBody: activity }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() });
    expect(result).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it("replaces the caller's own Host, Date or Signature instead of sending two", async () => {
    const headers = await signRequest(
      { method: 'POST', url: inbox, headers: { host: 'elsewhere', date: 'yesterday', 'content-type': 'application/ld+json' }, body: activity },
      { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() },
    );
    expect(Object.keys(headers).map((name) => name.toLowerCase()).sort()).toEqual(['content-type', 'date', 'digest', 'host', 'signature']);
    expect(headers['content-type']).toBe('application/ld+json');
  });

  it('verifies from Node-style lower-case headers as well as [name, value] pairs', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body: activity }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    const lowerCase = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const options = { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() };
    expect(await verifyRequest({ method: 'POST', url: inbox, headers: lowerCase, rawBody: activity }, options)).toMatchObject({ ok: true });
    expect(await verifyRequest({ method: 'POST', url: inbox, headers: Object.entries(headers), rawBody: activity }, options)).toMatchObject({ ok: true });
  });

  it('refuses to sign with a key that is not RSA', async () => {
    await expect(signRequest({ method: 'GET', url: inbox }, { keyId, privateKeyPem: ed25519.privateKeyPem })).rejects.toThrow(/needs an RSA key/);
  });
});

describe('signRequestRfc9421', () => {
  it.each(['rsa', 'ed25519'] as const)('POST round trip with an %s key, Content-Digest covered', async (type) => {
    const pair = type === 'rsa' ? rsa : ed25519;
    const headers = await signRequestRfc9421({ method: 'POST', url: inbox, body: activity }, { keyId, privateKeyPem: pair.privateKeyPem, clock: clock() });
    expect(headers['Content-Digest']).toBe(`sha-256=:${createHash('sha256').update(activity).digest('base64')}:`);
    expect(headers['Signature-Input']).toBe(
      `sig1=("@method" "@target-uri" "@authority" "date" "content-digest" "content-type");created=${Date.parse('2026-03-01T12:00:00Z') / 1000};keyid="${keyId}";alg="${type === 'rsa' ? 'rsa-v1_5-sha256' : 'ed25519'}"`,
    );
    const options = { ...keySource({ [keyId]: pair.publicKeyPem }), clock: clock() };
    expect(await verifyRequest({ method: 'POST', url: inbox, headers, rawBody: activity }, options)).toEqual({
      ok: true,
      keyId,
      ownerId: actor,
      scheme: 'rfc9421',
      algorithm: type === 'rsa' ? 'rsa-v1_5-sha256' : 'ed25519',
    });
    const tampered = await verifyRequest({ method: 'POST', url: inbox, headers, rawBody: changeOneByte(activity) }, options);
    expect(tampered).toMatchObject({ ok: false, code: 'digest-mismatch' });
  });

  it('GET round trip covers accept', async () => {
    const headers = await signRequestRfc9421({ method: 'GET', url: `${actor}?x=1` }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(headers['Signature-Input']).toContain('("@method" "@target-uri" "@authority" "date" "accept")');
    const result = await verifyRequest({ method: 'GET', url: `${actor}?x=1`, headers }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() });
    expect(result).toMatchObject({ ok: true, scheme: 'rfc9421' });
    const elsewhere = await verifyRequest({ method: 'GET', url: `${actor}?x=2`, headers }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() });
    expect(elsewhere).toMatchObject({ ok: false, code: 'bad-signature' });
  });
});
