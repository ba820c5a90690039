import { parsedKey } from './parsed-keys.js';
import { createSigner, httpbis } from 'http-message-signatures';
import { contentDigestHeader } from './body-digest.js';
import { prepareOutgoing, type OutgoingRequest } from './outgoing-headers.js';
import type { RequestSigningKey } from './sign-request.js';

/**
 * Signs an outgoing request with RFC 9421 (for double-knocking: servers that accept it, such as Fedify
 * 2.x, try it first). Covers the method, full target URI, authority and date, and the Content-Digest and
 * content type when there is a body (the Accept header when there is not). RSA keys sign
 * rsa-v1_5-sha256, Ed25519 keys ed25519. Returns all the headers to send.
 */
export async function signRequestRfc9421(request: OutgoingRequest, key: RequestSigningKey): Promise<Record<string, string>> {
  const privateKey = parsedKey(key.privateKeyPem, 'private');
  const type = privateKey.asymmetricKeyType;
  const alg = type === 'rsa' ? 'rsa-v1_5-sha256' : type === 'ed25519' ? 'ed25519' : null;
  if (!alg) throw new Error(`RFC 9421 signing needs an RSA or Ed25519 key; ${key.keyId} is ${type}`);
  const now = key.clock?.now() ?? new Date();
  const prepared = prepareOutgoing(request, now);
  if (prepared.hasBody) prepared.headers['Content-Digest'] = contentDigestHeader(prepared.body);
  const fields = ['@method', '@target-uri', '@authority', 'date'];
  if (prepared.hasBody) fields.push('content-digest', 'content-type');
  else fields.push('accept');
  const signed = await httpbis.signMessage(
    {
      key: createSigner(privateKey, alg, key.keyId),
      name: 'sig1',
      fields,
      params: ['created', 'keyid', 'alg'],
      paramValues: { created: now },
    },
    { method: prepared.method, url: prepared.url.href, headers: prepared.headers },
  );
  return signed.headers as Record<string, string>;
}
