import type { Clock } from '@commonplace/sdk';
import { parsedKey } from './parsed-keys.js';
import { sign, type KeyObject } from 'node:crypto';
import { cavage, type SigningKey } from 'http-message-signatures';
import { digestHeader } from './body-digest.js';
import { prepareOutgoing, type OutgoingRequest } from './outgoing-headers.js';

export interface RequestSigningKey {
  /** `<actor uri>#main-key`. */
  keyId: string;
  /** PKCS#8 (or PKCS#1) PEM. */
  privateKeyPem: string;
  clock?: Clock;
}

/** What a draft-cavage signature covers on our requests: what Mastodon requires, and no more. */
export const CAVAGE_SIGNED_HEADERS = {
  withBody: ['(request-target)', 'host', 'date', 'digest', 'content-type'],
  withoutBody: ['(request-target)', 'host', 'date', 'accept'],
} as const;

/**
 * Signs an outgoing request the way every fediverse server verifies: draft-cavage `rsa-sha256` with a
 * `Digest: SHA-256=` on requests with a body. Returns all the headers to send (the caller's, plus Host,
 * Date, Digest and Signature). The signing string and signature come from http-message-signatures.
 */
export async function signRequest(request: OutgoingRequest, key: RequestSigningKey): Promise<Record<string, string>> {
  const privateKey = parsedKey(key.privateKeyPem, 'private');
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`draft-cavage rsa-sha256 needs an RSA key; ${key.keyId} is ${privateKey.asymmetricKeyType}`);
  }
  const prepared = prepareOutgoing(request, key.clock?.now() ?? new Date());
  if (prepared.hasBody) prepared.headers.Digest = digestHeader(prepared.body);
  const covered = prepared.hasBody ? CAVAGE_SIGNED_HEADERS.withBody : CAVAGE_SIGNED_HEADERS.withoutBody;
  const signed = await cavage.signMessage(
    {
      key: threadPoolSigner(privateKey, key.keyId),
      fields: covered.map((name) => (name === '(request-target)' ? '@request-target' : name)),
      params: ['keyid', 'alg'],
    },
    { method: prepared.method, url: prepared.url.href, headers: prepared.headers },
  );
  return signed.headers as Record<string, string>;
}

/**
 * An rsa-v1_5-sha256 signer that runs in libuv's thread pool (crypto.sign with a callback) rather than
 * on the event loop: an RSA-2048 signature costs most of a millisecond, and delivery makes one per
 * request, so signing on the pool lets every core sign while the loop keeps sending.
 */
function threadPoolSigner(privateKey: KeyObject, keyId: string): SigningKey {
  return {
    id: keyId,
    alg: 'rsa-v1_5-sha256',
    sign: (data: Buffer) =>
      new Promise<Buffer>((resolve, reject) => sign('sha256', data, privateKey, (error, signature) => (error ? reject(error) : resolve(signature)))),
  };
}
