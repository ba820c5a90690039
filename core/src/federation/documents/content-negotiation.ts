import type { FastifyReply } from 'fastify';

/** What a federated URL can answer with. */
export type Representation = 'activity-json' | 'html';

export const ACTIVITY_JSON_CONTENT_TYPE = 'application/activity+json; charset=utf-8';
const AS_PROFILE = 'https://www.w3.org/ns/activitystreams';
const OFFERED = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams", or text/html';

interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

/** Accept header entries, with their parameters and quality (RFC 9110 §12.5.1), malformed ones dropped. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header?.trim()) return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  for (const entry of splitOutsideQuotes(header, ',')) {
    const [mediaType = '', ...rawParams] = splitOutsideQuotes(entry, ';');
    const [type, subtype] = mediaType.trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const raw of rawParams) {
      const at = raw.indexOf('=');
      if (at < 0) continue;
      const name = raw.slice(0, at).trim().toLowerCase();
      const value = raw.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number.isFinite(Number(value)) ? Math.min(1, Math.max(0, Number(value))) : 0;
      else params[name] = value;
    }
    ranges.push({ type, subtype, params, q });
  }
  return ranges;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

// How specifically a range names a representation: 3 exact, 2 type/*, 1 */*, 0 not at all.
function jsonMatch(range: MediaRange): number {
  if (range.type === '*' && range.subtype === '*') return 1;
  if (range.type !== 'application') return 0;
  if (range.subtype === '*') return 2;
  if (range.subtype === 'activity+json' || range.subtype === 'json') return 3;
  if (range.subtype === 'ld+json') {
    // ld+json only under the ActivityStreams profile (or no profile): another profile asks for another vocabulary.
    const profile = range.params.profile;
    return profile === undefined || profile.split(/\s+/).includes(AS_PROFILE) ? 3 : 0;
  }
  return 0;
}

function htmlMatch(range: MediaRange): number {
  if (range.type === '*' && range.subtype === '*') return 1;
  if (range.type === 'text' && range.subtype === '*') return 2;
  if ((range.type === 'text' && range.subtype === 'html') || (range.type === 'application' && range.subtype === 'xhtml+xml')) return 3;
  return 0;
}

/** The quality the client gives a representation: that of its most specific matching range. */
function quality(ranges: readonly MediaRange[], match: (range: MediaRange) => number): { q: number; specificity: number } {
  let best = { q: 0, specificity: 0 };
  for (const range of ranges) {
    const specificity = match(range);
    if (specificity > best.specificity) best = { q: range.q, specificity };
  }
  return best;
}

/**
 * JSON or HTML for an Accept header, or null when it accepts neither. A missing Accept or `*\/*` gets
 * JSON (servers fetching us); a browser (text/html before `*\/*`) gets HTML; a tie goes to the more
 * specific range, then to JSON.
 */
export function negotiate(acceptHeader: string | undefined): Representation | null {
  const ranges = parseAccept(acceptHeader);
  const json = quality(ranges, jsonMatch);
  const html = quality(ranges, htmlMatch);
  if (json.q === 0 && html.q === 0) return null;
  if (html.q > json.q || (html.q === json.q && html.specificity > json.specificity)) return 'html';
  return 'activity-json';
}

/** 406 with the reason: what this URL serves, and what was asked for. */
export function sendNotAcceptable(reply: FastifyReply, accept: string | undefined): FastifyReply {
  return reply
    .status(406)
    .header('vary', 'Accept')
    .send({ statusCode: 406, error: 'Not Acceptable', message: `This URL serves ${OFFERED}; the request accepts only "${accept ?? ''}".` });
}

/** `vary` names what else than Accept changed the answer (the signature, when the signer's view is served). */
export function sendActivityJson(reply: FastifyReply, document: unknown, status = 200, vary = 'Accept'): FastifyReply {
  return reply.status(status).header('vary', vary).type(ACTIVITY_JSON_CONTENT_TYPE).send(JSON.stringify(document));
}

/** The Vary of answers that depend on who signed the GET. */
export const VARY_BY_SIGNER = 'Accept, Signature, Signature-Input';
