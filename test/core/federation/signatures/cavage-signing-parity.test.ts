import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { cavage, createSigner } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { digestHeader, signRequest, verifyRequest, type OutgoingRequest } from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';

// signRequest builds the draft-cavage signing string itself (for speed); the library it replaced
// must produce the very same Signature header for the same request. RSA PKCS#1 v1.5 is deterministic,
// so equal signing strings give equal signatures.

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const keyId = 'https://here.example/actors/alice#main-key';
const clock = new ManualClock(new Date('2026-11-27T12:00:00Z'));

/** The Signature header cavage.signMessage makes over the headers signRequest chose (its own Signature left out). */
async function librarySignature(method: string, url: string, ours: Record<string, string>): Promise<string> {
  const { Signature: _, ...headers } = ours;
  const covered = method === 'GET' ? ['@request-target', 'host', 'date', 'accept'] : ['@request-target', 'host', 'date', 'digest', 'content-type'];
  const signed = await cavage.signMessage(
    { key: createSigner(createPrivateKey(privateKey), 'rsa-v1_5-sha256', keyId), fields: covered, params: ['keyid', 'alg'] },
    { method, url, headers },
  );
  return (signed.headers as Record<string, string>).Signature!;
}

const requests: Array<[string, OutgoingRequest]> = [
  ['a POST to a shared inbox', { method: 'POST', url: 'https://there.example/inbox', body: '{"type":"Create"}' }],
  ['a POST with a port, a query and a content type of the caller in lower case', {
    method: 'post',
    url: 'http://there.example:8080/users/bob/inbox?x=1&y=%20',
    body: Buffer.from('{"type":"Like"}'),
    headers: { 'content-type': '  application/ld+json; profile="https://www.w3.org/ns/activitystreams"  ', 'User-Agent': 'Commonplace' },
  }],
  ['a GET with an Accept of the caller', { method: 'GET', url: 'https://there.example/users/bob', headers: { ACCEPT: 'application/activity+json' } }],
  ['a GET with no Accept (ours is added)', { method: 'GET', url: 'https://there.example/users/bob?page=2' }],
];

describe('signRequest and http-message-signatures agree', () => {
  it.each(requests)('%s', async (_label, request) => {
    const ours = await signRequest(request, { keyId, privateKeyPem: privateKey, clock });
    expect(ours.Signature).toBe(await librarySignature(request.method.toUpperCase(), request.url, ours));
    const body = request.body === undefined || request.body === null ? Buffer.alloc(0) : Buffer.from(request.body);
    const verified = await verifyRequest(
      { method: request.method.toUpperCase(), url: request.url, headers: Object.entries(ours), rawBody: body },
      { keyResolver: async () => ({ publicKeyPem: publicKey, ownerId: 'https://here.example/actors/alice' }), refreshKey: async () => null, clock },
    );
    expect(verified.ok).toBe(true);
  });

  it('uses a digest the caller already has, and signs over it', async () => {
    const body = '{"type":"Announce"}';
    const digest = digestHeader(body);
    const ours = await signRequest({ method: 'POST', url: 'https://there.example/inbox', body }, { keyId, privateKeyPem: privateKey, clock }, { digest });
    expect(ours.Digest).toBe(digest);
    expect(ours.Signature).toBe(await librarySignature('POST', 'https://there.example/inbox', ours));
  });
});
