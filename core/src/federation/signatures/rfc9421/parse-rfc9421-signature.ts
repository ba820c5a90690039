import { httpbis } from 'http-message-signatures';
import { isInnerList, parseDictionary, serializeInnerList, serializeItem, type Dictionary, type InnerList } from 'structured-headers';
import { ALLOWED_DECLARED_ALGORITHMS } from '../algorithms.js';
import { hasHeader, headerValue, type HeaderMap } from '../header-map.js';
import { fail, type ParsedSignature, type VerifyFailure } from '../types.js';

const scheme = 'rfc9421' as const;

interface Candidate {
  label: string;
  input: InnerList;
  signature: ArrayBuffer;
  keyId: string;
  alg: string | null;
}

/**
 * Takes an RFC 9421 signature apart and rebuilds its signature base from the request: the structured
 * fields are parsed by structured-headers, the base is built by http-message-signatures (httpbis module).
 * That library's own verifyMessage is not used: it reads the system clock, and with several signatures
 * it returns whichever it checked last; choosing the signature and the time checks are ours.
 */
export function parseRfc9421Signature(method: string, url: URL, headers: HeaderMap): ParsedSignature | VerifyFailure {
  const inputField = headerValue(headers, 'signature-input');
  const signatureField = headerValue(headers, 'signature');
  if (inputField === undefined) return fail('unsigned', 'request is not signed (no Signature-Input header)');
  if (signatureField === undefined) return fail('malformed', 'request has Signature-Input but no Signature header', { scheme });
  let inputs: Dictionary;
  let signatures: Dictionary;
  try {
    inputs = parseDictionary(inputField);
    signatures = parseDictionary(signatureField);
  } catch {
    return fail('malformed', 'Signature-Input or Signature header is not a structured dictionary', { scheme });
  }

  const chosen = chooseSignature(inputs, signatures);
  if ('ok' in chosen) return chosen;
  const context = { scheme, keyId: chosen.keyId };
  const [items, params] = chosen.input;

  const covered: string[] = [];
  for (const [name, itemParams] of items) {
    if (typeof name !== 'string') return fail('malformed', 'Signature-Input lists a component that is not a string', context);
    if (itemParams.has('req') || itemParams.has('tr')) return fail('malformed', `component ${serializeItem([name, itemParams])} does not apply to a request`, context);
    if (!name.startsWith('@') && !hasHeader(headers, name)) return fail('covered-header-missing', `covered header ${name} is missing from the request`, context);
    covered.push(name);
  }
  const created = params.get('created');
  const expires = params.get('expires');
  if ((created !== undefined && !Number.isInteger(created)) || (expires !== undefined && !Number.isInteger(expires))) {
    return fail('malformed', 'Signature-Input has a created or expires that is not an integer', context);
  }

  let signatureBase: string;
  try {
    const fields = items.map((item) => serializeItem(item));
    const base = httpbis.createSignatureBase({ fields }, { method, url: url.href, headers });
    base.push(['"@signature-params"', [serializeInnerList(chosen.input)]]);
    signatureBase = httpbis.formatSignatureBase(base);
  } catch (error) {
    return fail('malformed', `cannot rebuild the signature base: ${(error as Error).message}`, context);
  }

  return {
    scheme,
    label: chosen.label,
    keyId: chosen.keyId,
    declaredAlgorithm: chosen.alg,
    covered,
    created: created as number | undefined,
    expires: expires as number | undefined,
    signatureBase,
    signature: Buffer.from(chosen.signature),
  };
}

/**
 * A request may carry several signatures (a proxy adds its own). We verify exactly one, so one key is
 * fetched: the first whose `alg` we accept, else the first without `alg`; one with another `alg` never.
 */
function chooseSignature(inputs: Dictionary, signatures: Dictionary): Candidate | VerifyFailure {
  let withoutAlg: Candidate | null = null;
  let firstProblem: VerifyFailure | null = null;
  for (const [label, input] of inputs) {
    const candidate = readCandidate(label, input, signatures);
    if ('ok' in candidate) {
      firstProblem ??= candidate;
      continue;
    }
    if (candidate.alg === null) withoutAlg ??= candidate;
    else if (ALLOWED_DECLARED_ALGORITHMS.rfc9421.includes(candidate.alg)) return candidate;
    else firstProblem ??= fail('algorithm-not-allowed', `algorithm not allowed: ${candidate.alg} (rfc9421 accepts ${ALLOWED_DECLARED_ALGORITHMS.rfc9421.join(', ')})`, { scheme, keyId: candidate.keyId });
  }
  return withoutAlg ?? firstProblem ?? fail('malformed', 'Signature-Input has no signature', { scheme });
}

function readCandidate(label: string, input: Dictionary extends Map<string, infer V> ? V : never, signatures: Dictionary): Candidate | VerifyFailure {
  if (!isInnerList(input)) return fail('malformed', `Signature-Input ${label} is not a list of components`, { scheme });
  const keyId = input[1].get('keyid');
  if (typeof keyId !== 'string' || !keyId) return fail('malformed', `signature ${label} has no keyid`, { scheme });
  const alg = input[1].get('alg');
  if (alg !== undefined && typeof alg !== 'string') return fail('malformed', `signature ${label} has an alg that is not a string`, { scheme, keyId });
  const signature = signatures.get(label);
  if (!signature || isInnerList(signature) || !(signature[0] instanceof ArrayBuffer)) {
    return fail('malformed', `Signature header has no byte sequence for ${label}`, { scheme, keyId });
  }
  return { label, input, signature: signature[0], keyId, alg: alg ?? null };
}
