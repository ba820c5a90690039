import { headerValue, type HeaderMap } from './header-map.js';
import { fail, type ParsedSignature, type SignatureLimits, type VerifyFailure } from './types.js';

/**
 * When the signature says it was made: the `created` parameter if the signature covers it, else the Date
 * header if the signature covers that. An uncovered time proves nothing, so it is never used.
 */
export function signedAt(parsed: ParsedSignature, headers: HeaderMap): { seconds: number; source: string } | VerifyFailure {
  if (parsed.created !== undefined) return { seconds: parsed.created, source: 'created parameter' };
  if (parsed.covered.includes('date')) {
    const date = headerValue(headers, 'date');
    const millis = date === undefined ? Number.NaN : Date.parse(date);
    if (Number.isNaN(millis)) return fail('malformed', `Date header is not a date: ${JSON.stringify(date ?? '')}`);
    return { seconds: Math.floor(millis / 1000), source: 'Date header' };
  }
  return fail('missing-covered-component', 'signature covers neither date nor a created time');
}

/** Refuses a signature made too long ago, dated too far ahead, or past its own `expires`. */
export function checkSignatureTime(parsed: ParsedSignature, headers: HeaderMap, now: Date, limits: SignatureLimits): VerifyFailure | null {
  const signed = signedAt(parsed, headers);
  if ('ok' in signed) return signed;
  const nowSeconds = now.getTime() / 1000;
  const age = nowSeconds - signed.seconds;
  if (age > limits.signatureMaxAgeSeconds) {
    return fail('expired', `signature expired: its ${signed.source} is ${describe(age)} old, more than the ${describe(limits.signatureMaxAgeSeconds)} allowed`);
  }
  if (-age > limits.signatureMaxSkewSeconds) {
    return fail('future-dated', `signature is dated in the future: its ${signed.source} is ${describe(-age)} ahead, more than the ${describe(limits.signatureMaxSkewSeconds)} allowed`);
  }
  if (parsed.expires !== undefined && parsed.expires < nowSeconds) {
    return fail('expired', `signature expired: its expires parameter passed ${describe(nowSeconds - parsed.expires)} ago`);
  }
  return null;
}

function describe(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 120) return `${whole} s`;
  if (whole < 7_200) return `${Math.round(whole / 60)} min`;
  return `${Math.round(whole / 360) / 10} h`;
}
