import type { Clock } from '@commonplace/sdk';
import { parsedKey } from './parsed-keys.js';
import { sign, type KeyObject } from 'node:crypto';
import { digestHeader } from './body-digest.js';
import { prepareOutgoing, type OutgoingRequest, type PreparedRequest } from './outgoing-headers.js';

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

/** What the caller already knows about the body, so that a fan-out does not work it out per request. */
export interface KnownBody {
  /** `Digest` of the exact body sent (digestHeader(body)): one activity's body goes to hundreds of inboxes. */
  digest?: string;
}

/**
 * Signs an outgoing request the way every fediverse server verifies: draft-cavage `rsa-sha256` with a
 * `Digest: SHA-256=` on requests with a body. Returns all the headers to send (the caller's, plus Host,
 * Date, Digest and Signature).
 *
 * The signing string is put together here rather than by http-message-signatures' cavage.signMessage:
 * for the five fields we sign, on headers we set ourselves, the library parsed each field name as a
 * structured header and searched the headers for each, about a tenth of a delivery's event-loop time
 * (docs/decisions.md). Verification still uses the library; a test holds both to the same output.
 */
export async function signRequest(request: OutgoingRequest, key: RequestSigningKey, known: KnownBody = {}): Promise<Record<string, string>> {
  const privateKey = parsedKey(key.privateKeyPem, 'private');
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`draft-cavage rsa-sha256 needs an RSA key; ${key.keyId} is ${privateKey.asymmetricKeyType}`);
  }
  const prepared = prepareOutgoing(request, key.clock?.now() ?? new Date());
  if (prepared.hasBody) prepared.headers.Digest = known.digest ?? digestHeader(prepared.body);
  const covered = prepared.hasBody ? CAVAGE_SIGNED_HEADERS.withBody : CAVAGE_SIGNED_HEADERS.withoutBody;
  const signature = await signOnThreadPool(privateKey, Buffer.from(cavageSigningString(prepared, covered), 'utf8'));
  prepared.headers.Signature =
    `keyId="${key.keyId}",algorithm="rsa-sha256",headers="${covered.join(' ')}",signature="${signature.toString('base64')}"`;
  return prepared.headers;
}

/**
 * The draft-cavage signing string: one `name: value` line per covered field, in order, names in lower
 * case, `(request-target)` as `<method> <path><query>`. Values are trimmed and line folds become a
 * space, as the draft (and the library's verifier) reads them.
 */
function cavageSigningString(prepared: PreparedRequest, covered: readonly string[]): string {
  const byName = new Map<string, string>();
  for (const name in prepared.headers) {
    // The first of two spellings of one name, as the library's verifier reads it.
    const lower = name.toLowerCase();
    if (!byName.has(lower)) byName.set(lower, prepared.headers[name]!);
  }
  const lines: string[] = [];
  for (const name of covered) {
    if (name === '(request-target)') {
      lines.push(`(request-target): ${prepared.method.toLowerCase()} ${prepared.url.pathname}${prepared.url.search}`);
      continue;
    }
    const value = byName.get(name);
    if (value === undefined) throw new Error(`No header ${name} found in headers`);
    lines.push(`${name}: ${value.trim().replace(/\n\s*/g, ' ')}`);
  }
  return lines.join('\n');
}

/**
 * RSA PKCS#1 v1.5 over SHA-256 in libuv's thread pool (crypto.sign with a callback) rather than on
 * the event loop: an RSA-2048 signature costs most of a millisecond, and delivery makes one per
 * request, so signing on the pool lets every core sign while the loop keeps sending.
 */
function signOnThreadPool(privateKey: KeyObject, data: Buffer): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => sign('sha256', data, privateKey, (error, signature) => (error ? reject(error) : resolve(signature))));
}
