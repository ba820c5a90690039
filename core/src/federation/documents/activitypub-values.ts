import { PUBLIC_COLLECTION } from '../jsonld/activitystreams-context.js';

/**
 * Readers for ActivityStreams values as servers really write them: a property may hold a string, an
 * object, a Link, or an array of any of these; they never throw, they skip what they cannot read.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The id a value names: a string, an object's `id`, or a Link's `href`. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (!isJsonObject(value)) return null;
  if (typeof value.id === 'string' && value.id) return value.id;
  if (typeof value.href === 'string' && value.href) return value.href;
  return null;
}

export function idsOf(value: unknown): string[] {
  // One loop, no intermediate arrays: every incoming document reads half a dozen of these.
  const ids: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const id = idOf(item);
      if (id !== null) ids.push(id);
    }
  } else {
    const id = idOf(value);
    if (id !== null) ids.push(id);
  }
  return ids;
}

// Servers spell the public collection three ways; we compare against one.
const PUBLIC_SPELLINGS = new Set([PUBLIC_COLLECTION, 'as:Public', 'Public']);

/** Addressing (to, cc, bto, bcc, audience) as ids, the public collection always spelt in full. */
export function audienceOf(value: unknown): string[] {
  const ids = idsOf(value);
  for (let i = 0; i < ids.length; i++) if (PUBLIC_SPELLINGS.has(ids[i]!)) ids[i] = PUBLIC_COLLECTION;
  return ids;
}

export function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A natural-language property, or its first translation from the `…Map` form. */
export function textOf(object: JsonObject, property: string): string | null {
  const plain = stringOf(object[property]);
  if (plain !== null) return plain;
  const map = object[`${property}Map`];
  if (!isJsonObject(map)) return null;
  return Object.values(map).find((value): value is string => typeof value === 'string') ?? null;
}

export function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The web page of an object: `url` as a string, or the HTML Link among several (PeerTube lists many). */
export function webUrlOf(value: unknown): string | null {
  const candidates = asArray(value);
  const html = candidates.find((candidate) => isJsonObject(candidate) && candidate.mediaType === 'text/html');
  return idOf(html) ?? candidates.map(idOf).find((id) => id !== null) ?? null;
}

export function isAbsoluteUrl(text: string): boolean {
  // canParse makes no URL object: every id of every incoming document passes here.
  return URL.canParse(text);
}
