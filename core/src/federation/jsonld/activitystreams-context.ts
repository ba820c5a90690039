/** The ActivityStreams 2.0 context URL, and the public collection's IRI. */
export const ACTIVITYSTREAMS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const SECURITY_V1_CONTEXT = 'https://w3id.org/security/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const PUBLIC_COLLECTION = 'https://www.w3.org/ns/activitystreams#Public';

// Servers write the AS context in a few equivalent spellings.
const ACTIVITYSTREAMS_SPELLINGS = new Set([
  ACTIVITYSTREAMS_CONTEXT,
  `${ACTIVITYSTREAMS_CONTEXT}/`,
  `${ACTIVITYSTREAMS_CONTEXT}#`,
  `${ACTIVITYSTREAMS_CONTEXT}.jsonld`,
  'http://www.w3.org/ns/activitystreams',
]);

/**
 * True when a JSON document's `@context` names ActivityStreams, as a string or in an array. The inbox
 * refuses JSON-LD without it: the same keys could mean anything under another context.
 */
export function isActivityStreamsDocument(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const context = (json as Record<string, unknown>)['@context'];
  const entries = Array.isArray(context) ? context : [context];
  return entries.some((entry) => typeof entry === 'string' && ACTIVITYSTREAMS_SPELLINGS.has(entry.trim()));
}
