import { createHash } from 'node:crypto';
import { parseDictionary } from 'structured-headers';
import { headerValue, type HeaderMap } from './header-map.js';
import { fail, type VerifyFailure } from './types.js';

/*
 * Body digests: `Digest` (RFC 3230, what draft-cavage senders cover) and `Content-Digest` (RFC 9530, what
 * RFC 9421 senders cover). Neither signature library handles digests; @misskey-dev's helpers do, but they
 * report only true/false and check just the first `Digest` member, so this is node:crypto plus the
 * structured-headers parser for Content-Digest.
 */

type DigestAlgorithm = 'sha256' | 'sha512';

/** Algorithm names as each header spells them; anything else is ignored, and at least one must be there. */
const DIGEST_NAMES: Record<string, DigestAlgorithm> = { 'sha-256': 'sha256', 'sha-512': 'sha512' };

export function bodyBytes(body: Uint8Array | string | null | undefined): Buffer {
  if (body === null || body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function hash(algorithm: DigestAlgorithm, body: Buffer): Buffer {
  return createHash(algorithm).update(body).digest();
}

/** `Digest: SHA-256=<base64>`, the header fediverse servers expect with a draft-cavage signature. */
export function digestHeader(body: Uint8Array | string): string {
  return `SHA-256=${hash('sha256', bodyBytes(body)).toString('base64')}`;
}

/** `Content-Digest: sha-256=:<base64>:` (RFC 9530), for RFC 9421 signatures. */
export function contentDigestHeader(body: Uint8Array | string): string {
  return `sha-256=:${hash('sha256', bodyBytes(body)).toString('base64')}:`;
}

/**
 * Every digest header present must match the body bytes exactly, whether or not the signature covers it:
 * a request whose headers disagree about its own body is not one we want to store.
 */
export function checkBodyDigests(headers: HeaderMap, body: Buffer): VerifyFailure | null {
  const digest = headerValue(headers, 'digest');
  if (digest !== undefined) {
    const problem = checkDigestField(digest, body);
    if (problem) return problem;
  }
  const contentDigest = headerValue(headers, 'content-digest');
  if (contentDigest !== undefined) {
    const problem = checkContentDigestField(contentDigest, body);
    if (problem) return problem;
  }
  return null;
}

/** RFC 3230: `alg=base64` members separated by commas; the algorithm name is case-insensitive. */
function checkDigestField(value: string, body: Buffer): VerifyFailure | null {
  let checked = 0;
  for (const member of value.split(',')) {
    const equals = member.indexOf('=');
    if (equals < 0) return fail('malformed', `Digest header is malformed: ${JSON.stringify(member.trim())}`);
    const algorithm = DIGEST_NAMES[member.slice(0, equals).trim().toLowerCase()];
    if (!algorithm) continue;
    const expected = Buffer.from(member.slice(equals + 1).trim(), 'base64');
    if (!expected.equals(hash(algorithm, body))) return fail('digest-mismatch', `digest does not match the body (Digest ${algorithm})`);
    checked++;
  }
  return checked ? null : fail('digest-missing', 'Digest header has no SHA-256 or SHA-512 value');
}

/** RFC 9530: a structured dictionary of byte sequences keyed by algorithm. */
function checkContentDigestField(value: string, body: Buffer): VerifyFailure | null {
  let dictionary;
  try {
    dictionary = parseDictionary(value);
  } catch {
    return fail('malformed', 'Content-Digest header is not a structured dictionary');
  }
  let checked = 0;
  for (const [name, member] of dictionary) {
    const algorithm = DIGEST_NAMES[name];
    if (!algorithm) continue;
    const bytes = member[0];
    if (!(bytes instanceof ArrayBuffer)) return fail('malformed', `Content-Digest ${name} is not a byte sequence`);
    if (!Buffer.from(bytes).equals(hash(algorithm, body))) return fail('digest-mismatch', `digest does not match the body (Content-Digest ${name})`);
    checked++;
  }
  return checked ? null : fail('digest-missing', 'Content-Digest header has no sha-256 or sha-512 value');
}
