import { describe, expect, it } from 'vitest';
import { parseRequestSignature, verifyParsedSignature, verifyRequest } from '../../../../core/src/federation/signatures/index.js';
import {
  changeOneByte,
  clockAtSeconds,
  flipSignatureByte,
  keySource,
  readFixture,
  readJsonFixture,
  withHeader,
  type HeaderPairs,
} from './helpers.js';

/*
 * draft-cavage-http-signatures-12 Appendix C (test/fixtures/http-signatures/cavage). Two errata,
 * from the fixture's README.md: the key is 1024-bit, not 2048; and C.3's printed signature was made
 * before (created)/(expires) joined its headers list, so a verifier that rebuilds the string from the
 * header (as it must) rejects it; the collector's re-made signature over the full string is used instead.
 */

interface CavageCase {
  id: string;
  signedHeaders: string | null;
  signingString: string;
  signatureHeader: string | null;
  authorizationHeader: string;
  signature: string;
  signingStringPerHeadersParam?: string;
  signatureComputedByCollector?: string;
}
const vectors = readJsonFixture<{ request: { method: string; url: string; headers: HeaderPairs; body: string }; cases: CavageCase[] }>('cavage/cases.json');
const publicKeyPem = readFixture('cavage/test-key.public.pem');
const { request } = vectors;
const caseById = (id: string) => vectors.cases.find((entry) => entry.id === id)!;
const signatureParams = (entry: CavageCase) => entry.signatureHeader ?? entry.authorizationHeader.replace(/^Signature /, '');

/** C.3's header with the collector's signature over the full (created)(expires) string. */
const c3Header = signatureParams(caseById('C.3')).replace(caseById('C.3').signature, caseById('C.3').signatureComputedByCollector!);
const c3Created = 1402170695;
const c3Headers: HeaderPairs = [...request.headers, ['Signature', c3Header]];

describe('draft-cavage test vectors: signing strings and signatures', () => {
  it.each(['C.1', 'C.2'])('%s rebuilds the printed signing string and verifies with the test key', async (id) => {
    const entry = caseById(id);
    const parsed = parseRequestSignature({ method: request.method, url: request.url, headers: [...request.headers, ['Signature', signatureParams(entry)]] });
    expect(parsed).toMatchObject({ scheme: 'draft-cavage', keyId: 'Test', signatureBase: entry.signingString });
    expect(await verifyParsedSignature(parsed as never, publicKeyPem)).toEqual({ ok: true, algorithm: 'rsa-v1_5-sha256' });
  });

  it('C.1 without a headers parameter signs the Date header alone (the pre-draft-11 default Mastodon keeps)', () => {
    const parsed = parseRequestSignature({ method: request.method, url: request.url, headers: [...request.headers, ['Signature', signatureParams(caseById('C.1'))]] });
    expect(parsed).toMatchObject({ covered: ['date'], declaredAlgorithm: 'rsa-sha256' });
  });

  it('C.2 verifies from the Authorization header as well', async () => {
    const parsed = parseRequestSignature({ method: request.method, url: request.url, headers: [...request.headers, ['Authorization', caseById('C.2').authorizationHeader]] });
    expect(await verifyParsedSignature(parsed as never, publicKeyPem)).toMatchObject({ ok: true });
  });

  it('C.3 rebuilds the full string with (created) and (expires) taken from unquoted parameters', async () => {
    const parsed = parseRequestSignature({ method: request.method, url: request.url, headers: c3Headers });
    expect(parsed).toMatchObject({ signatureBase: caseById('C.3').signingStringPerHeadersParam, created: c3Created, expires: 1402170699 });
    expect(await verifyParsedSignature(parsed as never, publicKeyPem)).toMatchObject({ ok: true });
  });

  it("C.3's printed signature (erratum: made without (created)/(expires)) is rejected", async () => {
    const parsed = parseRequestSignature({ method: request.method, url: request.url, headers: [...request.headers, ['Signature', signatureParams(caseById('C.3'))]] });
    expect(await verifyParsedSignature(parsed as never, publicKeyPem)).toMatchObject({ ok: false, code: 'bad-signature' });
  });
});

describe('draft-cavage test vectors through verifyRequest', () => {
  const verifyC3 = (headers: HeaderPairs, body: string = request.body, clock = clockAtSeconds(c3Created + 1)) =>
    verifyRequest({ method: request.method, url: request.url, headers, rawBody: body }, { ...keySource({ Test: publicKeyPem }), clock });

  it('C.3 (collector signature) is accepted: it covers target, host, date, (created) and digest', async () => {
    expect(await verifyC3(c3Headers)).toEqual({ ok: true, keyId: 'Test', ownerId: 'Test', scheme: 'draft-cavage', algorithm: 'rsa-v1_5-sha256' });
  });

  it('C.3 with one body byte changed is refused: the digest does not match the body', async () => {
    const result = await verifyC3(c3Headers, changeOneByte(request.body));
    expect(result).toMatchObject({ ok: false, code: 'digest-mismatch' });
    expect(result.ok || result.reason).toMatch(/digest does not match the body/);
  });

  it('C.3 with one byte of a covered header changed is refused: the signature does not match', async () => {
    const result = await verifyC3(withHeader(c3Headers, 'Content-Type', changeOneByte('application/json')));
    expect(result).toMatchObject({ ok: false, code: 'bad-signature' });
    expect(result.ok || result.reason).toMatch(/signature does not match/);
  });

  it('C.3 with one byte of the signature changed is refused', async () => {
    const collector = caseById('C.3').signatureComputedByCollector!;
    const result = await verifyC3(withHeader(c3Headers, 'Signature', c3Header.replace(collector, flipSignatureByte(collector))));
    expect(result).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('C.3 after its expires parameter is refused as expired', async () => {
    const result = await verifyC3(c3Headers, request.body, clockAtSeconds(c3Created + 10));
    expect(result).toMatchObject({ ok: false, code: 'expired' });
    expect(result.ok || result.reason).toMatch(/signature expired: its expires parameter/);
  });

  it('C.2 is accepted on a request without a body (it covers no digest), refused with its body', async () => {
    const headers: HeaderPairs = [...request.headers, ['Signature', signatureParams({ ...caseById('C.2'), signatureHeader: null })]];
    const options = { ...keySource({ Test: publicKeyPem }), clock: clockAtSeconds(Date.parse('Sun, 05 Jan 2014 21:31:40 GMT') / 1000) };
    // Without the body, its Digest goes too (a Digest present must match the body, covered or not).
    const bodiless = withHeader(headers, 'Digest', null);
    expect(await verifyRequest({ method: 'POST', url: request.url, headers: bodiless, rawBody: null }, options)).toMatchObject({ ok: true });
    const withBody = await verifyRequest({ method: 'POST', url: request.url, headers, rawBody: request.body }, options);
    expect(withBody).toMatchObject({ ok: false, code: 'missing-covered-component' });
    expect(withBody.ok || withBody.reason).toMatch(/does not cover digest/);
  });

  it('C.1 is refused by policy: a signature over the date alone could be replayed to any URL', async () => {
    const headers: HeaderPairs = [...request.headers, ['Signature', signatureParams(caseById('C.1'))]];
    const result = await verifyRequest({ method: 'POST', url: request.url, headers, rawBody: request.body }, keySource({ Test: publicKeyPem }));
    expect(result).toMatchObject({ ok: false, code: 'missing-covered-component', reason: 'signature does not cover (request-target)' });
  });
});
