import { cavage } from 'http-message-signatures';
import { hasHeader, headerValue, type HeaderMap } from '../header-map.js';
import { fail, type ParsedSignature, type VerifyFailure } from '../types.js';
import { parseSignatureParams } from './parse-signature-params.js';

/** Pseudo-headers a cavage signature may cover, and the component names the library builds them from. */
const PSEUDO_HEADERS: Record<string, string> = {
  '(request-target)': '@request-target',
  '(created)': '@created',
  '(expires)': '@expires',
};

/** The cavage parameter list, from `Signature` or else `Authorization: Signature …`; null when neither. */
export function cavageSignatureField(headers: HeaderMap): string[] | null {
  if (hasHeader(headers, 'signature')) return headers.signature!;
  const authorization = headerValue(headers, 'authorization');
  const match = authorization?.match(/^Signature\s+(.*)$/is);
  return match ? [match[1]!] : null;
}

/**
 * Takes a draft-cavage signature apart and rebuilds its signing string from the request. The string is
 * built by http-message-signatures (its cavage module); the defaults and checks around it are ours.
 */
export function parseCavageSignature(method: string, url: URL, headers: HeaderMap): ParsedSignature | VerifyFailure {
  const scheme = 'draft-cavage' as const;
  const field = cavageSignatureField(headers);
  if (!field) return fail('unsigned', 'request is not signed (no Signature header)');
  if (field.length !== 1) return fail('malformed', 'request has more than one Signature header', { scheme });
  const params = parseSignatureParams(field[0]!);
  if (!params) return fail('malformed', 'Signature header is not a well-formed parameter list', { scheme });

  const keyId = params.get('keyid');
  if (!keyId) return fail('malformed', 'Signature header has no keyId', { scheme });
  const context = { scheme, keyId };
  const signature = params.get('signature');
  if (!signature) return fail('malformed', 'Signature header has no signature', context);

  // Without `headers`, drafts up to 10 (and Mastodon) sign the Date header alone; draft-12's "(created)" never caught on.
  const covered = (params.get('headers') ?? 'date').toLowerCase().split(/\s+/).filter(Boolean);
  // Without `algorithm`, draft-12 says to derive it from the key: that is what hs2019 means.
  const declaredAlgorithm = (params.get('algorithm') ?? 'hs2019').toLowerCase();

  const created = timeParam(params, 'created');
  const expires = timeParam(params, 'expires');
  if (created === null || expires === null) return fail('malformed', 'Signature header has a created or expires that is not a number', context);
  for (const name of covered) {
    if (name.startsWith('(')) {
      if (!(name in PSEUDO_HEADERS)) return fail('malformed', `signature covers ${name}, which is not supported`, context);
      if (name === '(created)' && created === undefined) return fail('malformed', 'signature covers (created) but has no created parameter', context);
      if (name === '(expires)' && expires === undefined) return fail('malformed', 'signature covers (expires) but has no expires parameter', context);
    } else if (!hasHeader(headers, name)) {
      return fail('covered-header-missing', `covered header ${name} is missing from the request`, context);
    }
  }

  let signatureBase: string;
  let querylessSignatureBase: string | undefined;
  try {
    // The signing string carries the parameters exactly as sent.
    const timeParams = new Map<string, string>();
    for (const name of ['created', 'expires']) if (params.has(name)) timeParams.set(name, params.get(name)!);
    const fields = covered.map((name) => PSEUDO_HEADERS[name] ?? name);
    const signingString = (target: URL) => cavage.formatSignatureBase(cavage.createSignatureBase(fields, { method, url: target.href, headers }, timeParams));
    signatureBase = signingString(url);
    // Fedify and older Mastodon leave the query out of (request-target). On a GET the query only
    // picks what is read (a collection's page), so that signature is taken too; a POST stays exact.
    if (url.search !== '' && covered.includes('(request-target)') && ['GET', 'HEAD'].includes(method.toUpperCase())) {
      const queryless = new URL(url.href);
      queryless.search = '';
      querylessSignatureBase = signingString(queryless);
    }
  } catch (error) {
    return fail('malformed', `cannot rebuild the signing string: ${(error as Error).message}`, context);
  }

  return {
    scheme,
    keyId,
    declaredAlgorithm,
    covered,
    // A created time counts only when the signature covers it.
    created: covered.includes('(created)') ? created : undefined,
    expires,
    signatureBase,
    ...(querylessSignatureBase !== undefined ? { querylessSignatureBase } : {}),
    signature: Buffer.from(signature, 'base64'),
  };
}

/** undefined when absent, null when not a number (draft-12 allows a decimal fraction, which we drop). */
function timeParam(params: Map<string, string>, name: string): number | undefined | null {
  const value = params.get(name);
  if (value === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? Math.floor(Number(value)) : null;
}
