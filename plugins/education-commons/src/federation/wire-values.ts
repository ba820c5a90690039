import type { ActivityPubObject } from '@commonplace/sdk';
import { htmlToText } from '../shared/html.js';

/**
 * Reading fields of what peers send: ids that may be strings or objects, text that may be HTML, URLs
 * that may be Links or lists, dates that may be anything. Each answers null for what it cannot use.
 */

/** Longest text kept from a remote field we do not limit otherwise. */
export const REMOTE_TEXT_LIMIT = 10_000;

export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

export function typeOf(object: ActivityPubObject): string | undefined {
  return Array.isArray(object.type) ? object.type[0] : object.type;
}

export function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const plain = htmlToText(value).trim();
  return plain === '' ? null : plain.slice(0, max);
}

/** An http(s) URL from a string, a Link, or a list of them (the first usable one). */
export function httpUrlOf(value: unknown): string | null {
  for (const entry of Array.isArray(value) ? value : [value]) {
    const href = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? ((entry as { href?: unknown }).href ?? (entry as { id?: unknown }).id) : null;
    if (typeof href !== 'string') continue;
    try {
      const url = new URL(href);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.slice(0, 2048);
    } catch {
      // not a URL: try the next
    }
  }
  return null;
}

/** A DefinedTerm's code, or a bare string code. */
export function termCodeOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { termCode?: unknown }).termCode === 'string') return (value as { termCode: string }).termCode;
  return null;
}

export function firstOf<T>(value: unknown, pick: (entry: unknown) => T | undefined): T | null {
  for (const entry of Array.isArray(value) ? value : [value]) {
    const picked = pick(entry);
    if (picked !== undefined) return picked;
  }
  return null;
}

export function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
