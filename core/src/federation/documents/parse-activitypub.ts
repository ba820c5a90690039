import {
  asArray,
  audienceOf,
  dateOf,
  idOf,
  idsOf,
  isAbsoluteUrl,
  isJsonObject,
  stringOf,
  textOf,
  webUrlOf,
  type JsonObject,
} from './activitypub-values.js';
import { interactionPolicyOf, type InteractionPolicy } from './interaction-policy.js';
import { PUBLIC_COLLECTION } from '../jsonld/activitystreams-context.js';
import { withoutControlCharacters } from './control-characters.js';

/** A reference to another object: its id, and the object itself when it came embedded. */
export interface ObjectReference {
  id: string | null;
  embedded: ActivityPubDocument | null;
}

/** A typed, normalised view of an incoming ActivityPub document (an activity, object or actor). */
export interface ActivityPubDocument {
  /** null for transient activities (GoToSocial's Delete carries none). */
  id: string | null;
  /** The first type: the one a handler dispatches on. */
  type: string;
  types: readonly string[];
  /** The first actor's id, and all of them. */
  actor: string | null;
  actors: readonly string[];
  object: ObjectReference | null;
  objects: readonly ObjectReference[];
  target: ObjectReference | null;
  attributedTo: readonly string[];
  to: readonly string[];
  cc: readonly string[];
  bto: readonly string[];
  bcc: readonly string[];
  /** FEP-1b12 / Lemmy: the community the object belongs to. */
  audience: readonly string[];
  /** Addressed to the public collection (in to, cc or audience). */
  isPublic: boolean;
  published: Date | null;
  updated: Date | null;
  inReplyTo: string | null;
  name: string | null;
  summary: string | null;
  content: string | null;
  mediaType: string | null;
  /** The web page (for PeerTube, the text/html Link among its `url`s). */
  url: string | null;
  sensitive: boolean;
  /** Event start and end (Mobilizon, Friendica). */
  startTime: Date | null;
  endTime: Date | null;
  /** The quoted object: quoteUrl (Fedibird, Akkoma), _misskey_quote, quoteUri, or FEP-e232 quote. */
  quote: string | null;
  /** Misskey's own fields, `_misskey_` removed: content (MFM source), quote, reaction, summary, votes... */
  misskey: Readonly<Record<string, unknown>>;
  /** GoToSocial's interaction policy, when present. */
  interactionPolicy: InteractionPolicy | null;
  /** The document as received. */
  raw: Readonly<JsonObject>;
}

export type ParseResult = { ok: true; document: ActivityPubDocument } | { ok: false; reason: string };

// Embedded objects nest (Announce of Create of Note...); deeper than this is kept as a bare reference.
const MAX_EMBEDDING_DEPTH = 8;

/**
 * Reads an ActivityPub document as real servers emit it: single values or arrays, ids or embedded
 * objects, `type` as an array, vendor fields. Only what makes the document meaningless is refused: not
 * a JSON object, no type, or an id that is not an absolute URL. Control characters (a NUL in a
 * Note) are removed from every string first, `raw` included, so none reaches a handler or the database.
 */
export function parseActivityPubDocument(json: unknown): ParseResult {
  return parseAt(withoutControlCharacters(json), 0);
}

function parseAt(json: unknown, depth: number): ParseResult {
  if (!isJsonObject(json)) {
    const kind = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    return { ok: false, reason: `an ActivityPub document must be a JSON object, not ${kind}` };
  }
  const types = asArray(json.type);
  if (types.length === 0) return { ok: false, reason: 'the document has no type' };
  if (!types.every((type): type is string => typeof type === 'string' && type.trim() !== '')) {
    return { ok: false, reason: 'type must be a string or an array of strings' };
  }
  if (json.id !== undefined && json.id !== null) {
    if (typeof json.id !== 'string') return { ok: false, reason: 'id must be a string' };
    if (!isAbsoluteUrl(json.id)) return { ok: false, reason: `id "${json.id}" is not an absolute URL` };
  }

  const to = audienceOf(json.to);
  const cc = audienceOf(json.cc);
  const audience = audienceOf(json.audience);
  const objects = references(json.object, depth);
  const actors = idsOf(json.actor);
  const misskey = misskeyFields(json);
  return {
    ok: true,
    document: {
      id: typeof json.id === 'string' ? json.id : null,
      type: types[0]!,
      types,
      actor: actors[0] ?? null,
      actors,
      object: objects[0] ?? null,
      objects,
      target: references(json.target, depth)[0] ?? null,
      attributedTo: idsOf(json.attributedTo),
      to,
      cc,
      bto: audienceOf(json.bto),
      bcc: audienceOf(json.bcc),
      audience,
      isPublic: to.includes(PUBLIC_COLLECTION) || cc.includes(PUBLIC_COLLECTION) || audience.includes(PUBLIC_COLLECTION),
      published: dateOf(json.published),
      updated: dateOf(json.updated),
      inReplyTo: idOf(asArray(json.inReplyTo)[0]),
      name: textOf(json, 'name'),
      summary: textOf(json, 'summary'),
      content: textOf(json, 'content'),
      mediaType: stringOf(json.mediaType),
      url: webUrlOf(json.url),
      sensitive: json.sensitive === true,
      startTime: dateOf(json.startTime),
      endTime: dateOf(json.endTime),
      quote: idOf(json.quoteUrl) ?? idOf(misskey.quote) ?? idOf(json.quoteUri) ?? idOf(json.quote),
      misskey,
      interactionPolicy: interactionPolicyOf(json.interactionPolicy),
      raw: json,
    },
  };
}

/** Each referenced object: an id, or an embedded object parsed in turn (kept as an id if it is not valid). */
function references(value: unknown, depth: number): ObjectReference[] {
  return asArray(value).flatMap((item): ObjectReference[] => {
    if (!isJsonObject(item)) {
      const id = idOf(item);
      return id ? [{ id, embedded: null }] : [];
    }
    const parsed = depth < MAX_EMBEDDING_DEPTH && item.type !== undefined ? parseAt(item, depth + 1) : null;
    const embedded = parsed?.ok ? parsed.document : null;
    const id = idOf(item);
    return id || embedded ? [{ id, embedded }] : [];
  });
}

function misskeyFields(json: JsonObject): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    if (key.startsWith('_misskey_')) fields[key.slice('_misskey_'.length)] = json[key];
  }
  return fields;
}
