import { fail, type ParsedSignature, type VerifyFailure } from './types.js';

/**
 * What a signature must cover before we believe it says anything about this request: the method and
 * target (else it could be replayed to another URL), the host, a time, and the body's digest when there
 * is a body (else the body could be swapped).
 */
export function checkRequiredComponents(parsed: ParsedSignature, hasBody: boolean): VerifyFailure | null {
  const covers = (name: string) => parsed.covered.includes(name);
  const missing = (what: string) =>
    fail('missing-covered-component', `signature does not cover ${what}`, { scheme: parsed.scheme, keyId: parsed.keyId });

  if (parsed.scheme === 'draft-cavage') {
    if (!covers('(request-target)')) return missing('(request-target)');
    if (!covers('host')) return missing('host');
    if (!covers('date') && !covers('(created)')) return missing('date or (created)');
    if (hasBody && !covers('digest')) return missing('digest, although the request has a body');
    return null;
  }
  if (!covers('@method')) return missing('@method');
  if (!covers('@target-uri') && !(covers('@path') && covers('@authority'))) return missing('@target-uri (or @path and @authority)');
  if (parsed.created === undefined && !covers('date')) return missing('date, and it has no created parameter');
  if (hasBody && !covers('content-digest')) return missing('content-digest, although the request has a body');
  return null;
}
