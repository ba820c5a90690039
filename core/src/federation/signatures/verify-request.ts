import { checkDeclaredAlgorithm } from './algorithms.js';
import { bodyBytes, checkBodyDigests } from './body-digest.js';
import { toHeaderMap } from './header-map.js';
import { parseRequestSignature } from './parse-request-signature.js';
import { checkRequiredComponents } from './required-components.js';
import { checkSignatureTime } from './signature-time.js';
import {
  DEFAULT_SIGNATURE_LIMITS,
  fail,
  type IncomingSignedRequest,
  type ParsedSignature,
  type ResolvedKey,
  type VerifyFailure,
  type VerifyRequestOptions,
  type VerifyResult,
} from './types.js';
import { verifyParsedSignature } from './verify-parsed-signature.js';

/**
 * Verifies an incoming request's HTTP signature, draft-cavage or RFC 9421, and its body digest.
 * The cheap checks (syntax, algorithm, covered components, time, digest) run before any key is looked
 * up, so a stale or tampered request never makes us fetch anything.
 */
export async function verifyRequest(request: IncomingSignedRequest, options: VerifyRequestOptions): Promise<VerifyResult> {
  const headers = toHeaderMap(request.headers);
  const body = bodyBytes(request.rawBody);
  const limits = {
    signatureMaxSkewSeconds: options.limits?.signatureMaxSkewSeconds ?? DEFAULT_SIGNATURE_LIMITS.signatureMaxSkewSeconds,
    signatureMaxAgeSeconds: options.limits?.signatureMaxAgeSeconds ?? DEFAULT_SIGNATURE_LIMITS.signatureMaxAgeSeconds,
  };
  const now = options.clock?.now() ?? new Date();

  const parsed = parseRequestSignature({ method: request.method, url: request.url, headers });
  if ('ok' in parsed) return parsed;
  const context = { scheme: parsed.scheme, keyId: parsed.keyId };
  const refusal =
    checkDeclaredAlgorithm(parsed) ??
    checkRequiredComponents(parsed, body.length > 0) ??
    checkSignatureTime(parsed, headers, now, limits) ??
    checkBodyDigests(headers, body);
  if (refusal) return { ...refusal, ...context };

  return verifyWithKeyRotation(parsed, options);
}

/**
 * Verifies with the resolver's key; when that fails with a key that may be stale, fetches the key once
 * more (the sender may have rotated it) and tries again. Never more than one refetch per request.
 */
async function verifyWithKeyRotation(parsed: ParsedSignature, options: VerifyRequestOptions): Promise<VerifyResult> {
  const context = { scheme: parsed.scheme, keyId: parsed.keyId };
  const first = await options.keyResolver(parsed.keyId);
  if (!first) return fail('unknown-key', `unknown key: ${parsed.keyId}`, context);
  const firstOutcome = await verifyWith(parsed, first);
  if (firstOutcome.ok || first.freshlyFetched) return firstOutcome;

  const refreshed = await options.refreshKey(parsed.keyId);
  if (!refreshed) return fail('unknown-key', `unknown key: ${parsed.keyId} (it is gone when fetched again)`, context);
  if (refreshed.publicKeyPem === first.publicKeyPem) return afterRefetch(firstOutcome, 'the refetched key is the same');
  const secondOutcome = await verifyWith(parsed, refreshed);
  return secondOutcome.ok ? secondOutcome : afterRefetch(secondOutcome, 'also with the refetched key');
}

async function verifyWith(parsed: ParsedSignature, key: ResolvedKey): Promise<VerifyResult> {
  const outcome = await verifyParsedSignature(parsed, key.publicKeyPem);
  if (!outcome.ok) return outcome;
  return { ok: true, keyId: parsed.keyId, ownerId: key.ownerId, scheme: parsed.scheme, algorithm: outcome.algorithm };
}

function afterRefetch(failure: VerifyFailure, note: string): VerifyFailure {
  return { ...failure, reason: `${failure.reason} (${note})` };
}
