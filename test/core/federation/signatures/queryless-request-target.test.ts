import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';
import { keySource, newKeyPair, type KeyPairPem } from './helpers.js';

const actor = 'http://127.0.0.1:8080/users/bob';
const keyId = `${actor}#main-key`;
const collection = 'http://127.0.0.1:9090/threads/posts/1/replies';

let rsa: KeyPairPem;
beforeAll(async () => {
  rsa = await newKeyPair('rsa');
});

const clock = () => new ManualClock(new Date('2026-03-01T12:00:00Z'));

/**
 * Fedify (1.x, and 2.x when it falls back to draft-cavage) and older Mastodon versions sign a GET's
 * `(request-target)` without its query string, so a signed fetch of `…/replies?page=true` is signed
 * as `get …/replies`. Such a GET is taken (the query only picks the page); a POST stays exact.
 */
describe('draft-cavage (request-target) without the query string', () => {
  const verify = (method: string, url: string, headers: Record<string, string>, body?: string) =>
    verifyRequest({ method, url, headers, ...(body ? { rawBody: Buffer.from(body) } : {}) }, { ...keySource({ [keyId]: rsa.publicKeyPem }), clock: clock() });

  it('verifies a GET of a page signed as the bare path, naming its signer', async () => {
    const headers = await signRequest({ method: 'GET', url: collection }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(await verify('GET', `${collection}?page=true`, headers)).toMatchObject({ ok: true, ownerId: actor });
    // Signed with the query, as we and current Mastodon sign, it verifies too.
    const exact = await signRequest({ method: 'GET', url: `${collection}?page=true` }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(await verify('GET', `${collection}?page=true`, exact)).toMatchObject({ ok: true });
  });

  it('still refuses a GET whose path differs, or whose query differs from a query it signed', async () => {
    const headers = await signRequest({ method: 'GET', url: collection }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(await verify('GET', 'http://127.0.0.1:9090/threads/posts/2/replies?page=true', headers)).toMatchObject({ ok: false, code: 'bad-signature' });
    const withQuery = await signRequest({ method: 'GET', url: `${collection}?page=true` }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(await verify('GET', `${collection}?cursor=abc`, withQuery)).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('keeps POSTs exact: a body signed for the bare inbox path does not pass with a query added', async () => {
    const inbox = 'http://127.0.0.1:9090/inbox';
    const body = JSON.stringify({ type: 'Like', actor, object: collection });
    const headers = await signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: rsa.privateKeyPem, clock: clock() });
    expect(await verify('POST', inbox, headers, body)).toMatchObject({ ok: true });
    expect(await verify('POST', `${inbox}?x=1`, headers, body)).toMatchObject({ ok: false, code: 'bad-signature' });
  });
});
