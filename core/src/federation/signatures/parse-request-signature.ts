import { parseCavageSignature } from './cavage/parse-cavage-signature.js';
import { hasHeader, toHeaderMap } from './header-map.js';
import { parseRfc9421Signature } from './rfc9421/parse-rfc9421-signature.js';
import { fail, type IncomingSignedRequest, type ParsedSignature, type VerifyFailure } from './types.js';

/**
 * The request's signature in either scheme, with the signed bytes rebuilt. Signature-Input means RFC 9421
 * (its Signature header is a dictionary, not cavage parameters); otherwise it is draft-cavage.
 */
export function parseRequestSignature(request: Pick<IncomingSignedRequest, 'method' | 'url' | 'headers'>): ParsedSignature | VerifyFailure {
  const headers = toHeaderMap(request.headers);
  const { method, url } = request;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return fail('malformed', `request URL is not absolute: ${JSON.stringify(url)}`);
  }
  return hasHeader(headers, 'signature-input') ? parseRfc9421Signature(method, target, headers) : parseCavageSignature(method, target, headers);
}
