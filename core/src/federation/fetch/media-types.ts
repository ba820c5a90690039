/** What a fetch asks for, and what it accepts back. */
export type RemoteDocumentKind = 'activitypub' | 'webfinger' | 'json';

export const ACTIVITY_JSON = 'application/activity+json';
export const LD_JSON_ACTIVITYSTREAMS = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
export const JRD_JSON = 'application/jrd+json';

const ACCEPT_HEADERS: Readonly<Record<RemoteDocumentKind, string>> = {
  activitypub: `${ACTIVITY_JSON}, ${LD_JSON_ACTIVITYSTREAMS}`,
  webfinger: `${JRD_JSON}, application/json;q=0.9`,
  json: 'application/json',
};

// The ld+json profile is not required back: several servers answer ld+json without it.
const ACCEPTED_TYPES: Readonly<Record<RemoteDocumentKind, readonly string[]>> = {
  activitypub: [ACTIVITY_JSON, 'application/ld+json'],
  // Some WebFinger servers answer plain JSON; the JRD shape is what matters.
  webfinger: [JRD_JSON, 'application/json'],
  json: ['application/json'],
};

export function acceptHeaderFor(kind: RemoteDocumentKind): string {
  return ACCEPT_HEADERS[kind];
}

/** The reason a response's Content-Type is not what `kind` accepts, or null when it is. */
export function contentTypeRefusal(kind: RemoteDocumentKind, contentType: string | undefined): string | null {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ACCEPTED_TYPES[kind].includes(essence)) return null;
  return `content type ${essence ? `"${essence}"` : 'missing'}; expected ${ACCEPTED_TYPES[kind].join(' or ')}`;
}
