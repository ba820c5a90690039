import { createHash, createHmac, sign as cryptoSign } from 'node:crypto';
import { cavage, createSigner, httpbis, type SigningKey } from 'http-message-signatures';
import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest, signRequestRfc9421, verifyRequest } from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';
import { changeOneByte, keySource, newKeyPair, readFixture, type KeyPairPem } from './helpers.js';

const actor = 'https://remote.example/users/carol';
const keyId = `${actor}#main-key`;
const inbox = 'https://local.example:8443/inbox';
const body = '{"type":"Follow","actor":"https://remote.example/users/carol"}';
const signedAt = new Date('2026-03-01T12:00:00Z');

let rsa: KeyPairPem;
let ed25519: KeyPairPem;
let ec: KeyPairPem;
beforeAll(async () => {
  [rsa, ed25519, ec] = await Promise.all([newKeyPair('rsa'), newKeyPair('ed25519'), newKeyPair('ec')]);
});

const clockAt = (offsetSeconds = 0) => new ManualClock(new Date(signedAt.getTime() + offsetSeconds * 1000));
const keysFor = (publicKeyPem: string) => keySource({ [keyId]: publicKeyPem });
/** verifyRequest with the usual key and clock; the result carries the spied key source for call counts. */
const verify = async (headers: Record<string, string>, options: { rawBody?: string | null; at?: number; publicKeyPem?: string; method?: string; url?: string } = {}) => {
  const keys = keysFor(options.publicKeyPem ?? rsa.publicKeyPem);
  const result = await verifyRequest(
    { method: options.method ?? 'POST', url: options.url ?? inbox, headers, rawBody: options.rawBody === undefined ? body : options.rawBody },
    { ...keys, clock: clockAt(options.at ?? 0), limits: { signatureMaxSkewSeconds: 3_600, signatureMaxAgeSeconds: 43_200 } },
  );
  return Object.assign(result, { keys });
};

/** The usual POST headers, before signing. */
function postHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: 'local.example:8443',
    Date: signedAt.toUTCString(),
    'Content-Type': 'application/activity+json',
    Digest: `SHA-256=${createHash('sha256').update(body).digest('base64')}`,
    ...extra,
  };
}

/** A cavage signature over any fields, with any algorithm name: what a careless or hostile sender makes. */
async function cavageSigned(fields: string[], key: SigningKey, headers = postHeaders(), params = ['keyid', 'alg']): Promise<Record<string, string>> {
  const signed = await cavage.signMessage({ key, fields, params }, { method: 'POST', url: inbox, headers });
  return signed.headers as Record<string, string>;
}

async function rfc9421Signed(fields: string[], key: SigningKey, headers = postHeaders()): Promise<Record<string, string>> {
  const contentDigest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const signed = await httpbis.signMessage(
    { key, fields, params: ['created', 'keyid', 'alg'], paramValues: { created: signedAt } },
    { method: 'POST', url: inbox, headers: { ...headers, 'Content-Digest': contentDigest } },
  );
  return signed.headers as Record<string, string>;
}

const mastodonFields = ['@request-target', 'host', 'date', 'digest', 'content-type'];
const rsaKey = () => createSigner(rsa.privateKeyPem, 'rsa-v1_5-sha256', keyId);
const customKey = (alg: string, sign: (data: Buffer) => Buffer): SigningKey => ({ id: keyId, alg, sign: async (data) => sign(data) });

describe('signature time', () => {
  const signed = () => signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });

  it('accepts a signature exactly 12 h old or 1 h ahead (the limits are inclusive)', async () => {
    const headers = await signed();
    expect(await verify(headers, { at: 43_200 })).toMatchObject({ ok: true });
    expect(await verify(headers, { at: -3_600 })).toMatchObject({ ok: true });
  });

  it('refuses a signature older than signatureMaxAgeSeconds as expired', async () => {
    const result = await verify(await signed(), { at: 43_201 });
    expect(result).toMatchObject({ ok: false, code: 'expired' });
    expect(result.ok || result.reason).toMatch(/^signature expired: its Date header is 12 h old, more than the 12 h allowed/);
  });

  it('refuses a signature dated beyond signatureMaxSkewSeconds into the future', async () => {
    const result = await verify(await signed(), { at: -3_601 });
    expect(result).toMatchObject({ ok: false, code: 'future-dated' });
    expect(result.ok || result.reason).toMatch(/^signature is dated in the future/);
  });

  it('takes its limits from the settings', async () => {
    const headers = await signed();
    const keys = keysFor(rsa.publicKeyPem);
    const strict = await verifyRequest({ method: 'POST', url: inbox, headers, rawBody: body }, { ...keys, clock: clockAt(301), limits: { signatureMaxAgeSeconds: 300 } });
    expect(strict).toMatchObject({ ok: false, code: 'expired' });
  });

  it('refuses an RFC 9421 signature whose created time is too old or too far ahead', async () => {
    const headers = await signRequestRfc9421({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });
    expect(await verify(headers, { at: 43_201 })).toMatchObject({ ok: false, code: 'expired', reason: expect.stringMatching(/its created parameter/) });
    expect(await verify(headers, { at: -3_601 })).toMatchObject({ ok: false, code: 'future-dated' });
  });

  it('uses (created) rather than an uncovered Date', async () => {
    const headers = await cavageSigned(['@request-target', 'host', '@created', 'digest'], rsaKey(), postHeaders({ Date: 'Mon, 01 Jan 2001 00:00:00 GMT' }), ['keyid', 'alg', 'created']);
    expect(headers.Signature).toMatch(/created=\d+/);
    // cavage.signMessage stamps created with the real time; verify at that time.
    const created = Number(/created=(\d+)/.exec(headers.Signature!)![1]);
    const result = await verifyRequest({ method: 'POST', url: inbox, headers, rawBody: body }, { ...keysFor(rsa.publicKeyPem), clock: new ManualClock(new Date(created * 1000)) });
    expect(result).toMatchObject({ ok: true });
  });

  it('refuses a Date that is not a date', async () => {
    const headers = await cavageSigned(mastodonFields, rsaKey(), postHeaders({ Date: 'not a date' }));
    expect(await verify(headers)).toMatchObject({ ok: false, code: 'malformed', reason: expect.stringMatching(/Date header is not a date/) });
  });
});

describe('body digests', () => {
  it('refuses a body with one byte changed: digest does not match the body (cavage Digest)', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });
    const result = await verify(headers, { rawBody: changeOneByte(body) });
    expect(result).toMatchObject({ ok: false, code: 'digest-mismatch', scheme: 'draft-cavage', keyId });
    expect(result.ok || result.reason).toMatch(/^digest does not match the body/);
    expect(result.keys.keyResolver).not.toHaveBeenCalled();
  });

  it('refuses a Content-Digest that does not match, even when the signature does not cover it', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });
    const result = await verify({ ...headers, 'Content-Digest': `sha-512=:${createHash('sha512').update('other').digest('base64')}:` });
    expect(result).toMatchObject({ ok: false, code: 'digest-mismatch', reason: 'digest does not match the body (Content-Digest sha-512)' });
  });

  it('accepts a Digest listing SHA-512 and SHA-256 when both match, in any letter case', async () => {
    const both = `sha-512=${createHash('sha512').update(body).digest('base64')},SHA-256=${createHash('sha256').update(body).digest('base64')}`;
    const headers = await cavageSigned(mastodonFields, rsaKey(), postHeaders({ Digest: both }));
    expect(await verify(headers)).toMatchObject({ ok: true });
  });

  it('refuses a Digest with no SHA-256 or SHA-512 value', async () => {
    const headers = await cavageSigned(mastodonFields, rsaKey(), postHeaders({ Digest: `MD5=${createHash('md5').update(body).digest('base64')}` }));
    expect(await verify(headers)).toMatchObject({ ok: false, code: 'digest-missing' });
  });

  it('refuses a signature covering digest when the Digest header is absent', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });
    delete headers.Digest;
    expect(await verify(headers)).toMatchObject({ ok: false, code: 'covered-header-missing', reason: 'covered header digest is missing from the request' });
  });
});

describe('required covered components', () => {
  it.each([
    [['host', 'date', 'digest', 'content-type'], 'signature does not cover (request-target)'],
    [['@request-target', 'date', 'digest', 'content-type'], 'signature does not cover host'],
    [['@request-target', 'host', 'digest', 'content-type'], 'signature does not cover date or (created)'],
    [['@request-target', 'host', 'date', 'content-type'], 'signature does not cover digest, although the request has a body'],
  ])('cavage covering %j is refused: %s', async (fields, reason) => {
    const result = await verify(await cavageSigned(fields, rsaKey()));
    expect(result).toMatchObject({ ok: false, code: 'missing-covered-component', reason });
    expect(result.keys.keyResolver).not.toHaveBeenCalled();
  });

  it.each([
    [['@target-uri', 'date', 'content-digest'], 'signature does not cover @method'],
    [['@method', '@path', 'content-digest'], 'signature does not cover @target-uri (or @path and @authority)'],
    [['@method', '@target-uri'], 'signature does not cover content-digest, although the request has a body'],
  ])('RFC 9421 covering %j is refused: %s', async (fields, reason) => {
    const result = await verify(await rfc9421Signed(fields, rsaKey()));
    expect(result).toMatchObject({ ok: false, code: 'missing-covered-component', reason });
  });

  it('RFC 9421 with @path and @authority instead of @target-uri is accepted', async () => {
    expect(await verify(await rfc9421Signed(['@method', '@path', '@authority', 'content-digest'], rsaKey()))).toMatchObject({ ok: true, scheme: 'rfc9421' });
  });
});

describe('algorithms: rsa-sha256 and hs2019 (RSA or Ed25519 key) for cavage; rsa-v1_5-sha256 and ed25519 for RFC 9421', () => {
  const sharedSecret = Buffer.from(readFixture('rfc9421/test-shared-secret.b64.txt').trim(), 'base64');
  const hmac = (data: Buffer) => createHmac('sha256', sharedSecret).update(data).digest();

  it('cavage hs2019 with an RSA key verifies as PKCS#1 v1.5 SHA-256', async () => {
    const headers = await cavageSigned(mastodonFields, customKey('hs2019', (data) => cryptoSign('sha256', data, rsa.privateKeyPem)));
    expect(headers.Signature).toContain('algorithm="hs2019"');
    expect(await verify(headers)).toMatchObject({ ok: true, algorithm: 'rsa-v1_5-sha256' });
  });

  it('cavage hs2019 with an Ed25519 key verifies', async () => {
    const headers = await cavageSigned(mastodonFields, customKey('hs2019', (data) => cryptoSign(null, data, ed25519.privateKeyPem)));
    expect(await verify(headers, { publicKeyPem: ed25519.publicKeyPem })).toMatchObject({ ok: true, algorithm: 'ed25519' });
  });

  it('cavage without an algorithm parameter is read as hs2019', async () => {
    const headers = await cavageSigned(mastodonFields, { id: keyId, sign: async (data) => cryptoSign('sha256', data, rsa.privateKeyPem) }, postHeaders(), ['keyid']);
    expect(headers.Signature).not.toContain('algorithm=');
    expect(await verify(headers)).toMatchObject({ ok: true });
  });

  it.each([
    ['hmac-sha256', hmac],
    ['rsa-sha512', (data: Buffer) => cryptoSign('sha512', data, rsa.privateKeyPem)],
    ['ecdsa-sha256', (data: Buffer) => cryptoSign('sha256', data, ec.privateKeyPem)],
  ])('cavage algorithm="%s" is refused before any key is fetched', async (alg, sign) => {
    const result = await verify(await cavageSigned(mastodonFields, customKey(alg, sign)));
    expect(result).toMatchObject({ ok: false, code: 'algorithm-not-allowed', reason: `algorithm not allowed: ${alg} (draft-cavage accepts rsa-sha256, hs2019)` });
    expect(result.keys.keyResolver).not.toHaveBeenCalled();
  });

  it('cavage hs2019 with a P-256 key is refused', async () => {
    const headers = await cavageSigned(mastodonFields, customKey('hs2019', (data) => cryptoSign('sha256', data, { key: ec.privateKeyPem, dsaEncoding: 'ieee-p1363' })));
    expect(await verify(headers, { publicKeyPem: ec.publicKeyPem })).toMatchObject({ ok: false, code: 'algorithm-not-allowed' });
  });

  it('cavage rsa-sha256 with an Ed25519 key is refused', async () => {
    const headers = await cavageSigned(mastodonFields, customKey('rsa-sha256', (data) => cryptoSign(null, data, ed25519.privateKeyPem)));
    expect(await verify(headers, { publicKeyPem: ed25519.publicKeyPem })).toMatchObject({ ok: false, code: 'bad-key' });
  });

  it.each([
    ['hmac-sha256', () => createSigner(sharedSecret, 'hmac-sha256', keyId)],
    ['ecdsa-p256-sha256', () => createSigner(ec.privateKeyPem, 'ecdsa-p256-sha256', keyId)],
    ['rsa-pss-sha512', () => createSigner(rsa.privateKeyPem, 'rsa-pss-sha512', keyId)],
  ])('RFC 9421 alg="%s" is refused before any key is fetched', async (alg, key) => {
    const result = await verify(await rfc9421Signed(['@method', '@target-uri', 'content-digest'], key()));
    expect(result).toMatchObject({ ok: false, code: 'algorithm-not-allowed', reason: `algorithm not allowed: ${alg} (rfc9421 accepts rsa-v1_5-sha256, ed25519)` });
    expect(result.keys.keyResolver).not.toHaveBeenCalled();
  });

  it('RFC 9421 alg="ed25519" with an RSA key is refused', async () => {
    const key = customKey('ed25519', (data) => cryptoSign(null, data, ed25519.privateKeyPem));
    expect(await verify(await rfc9421Signed(['@method', '@target-uri', 'content-digest'], key))).toMatchObject({ ok: false, code: 'bad-key' });
  });
});

describe('requests that are not signed, or badly', () => {
  it('an unsigned request', async () => {
    expect(await verify(postHeaders())).toMatchObject({ ok: false, code: 'unsigned' });
  });

  it('a Signature header that is not a parameter list', async () => {
    expect(await verify(postHeaders({ Signature: 'keyId="a" algorithm="rsa-sha256"' }))).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('a Signature-Input without Signature, and a non-structured Signature-Input', async () => {
    expect(await verify(postHeaders({ 'Signature-Input': 'sig1=("@method");keyid="a"' }))).toMatchObject({ ok: false, code: 'malformed' });
    expect(await verify(postHeaders({ 'Signature-Input': 'sig1=((', Signature: 'sig1=:AA==:' }))).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('a key the resolver does not know', async () => {
    const headers = await signRequest({ method: 'POST', url: inbox, body }, { keyId: `${actor}#other-key`, privateKeyPem: rsa.privateKeyPem, clock: clockAt() });
    const result = await verify(headers);
    expect(result).toMatchObject({ ok: false, code: 'unknown-key', reason: `unknown key: ${actor}#other-key` });
    expect(result.keys.refreshKey).not.toHaveBeenCalled();
  });
});
