import { PLUGIN_ID } from '../settings.js';

/**
 * Where the plugin's objects live. Ids are URLs under the plugin's route prefix, served by routes.ts
 * as ActivityPub JSON or as a readable page, whichever the client asks for.
 */
export const CONTEXT_PATH = '/ns/v1.jsonld';

export const commonsUrls = (publicUrl: string) => ({
  /** Our JSON-LD context: published, stable, and never fetched by a receiving server (it knows the terms). */
  context: `${publicUrl}/${PLUGIN_ID}${CONTEXT_PATH}`,
  resource: (id: string) => `${publicUrl}/${PLUGIN_ID}/resources/${id}`,
  comment: (id: string) => `${publicUrl}/${PLUGIN_ID}/comments/${id}`,
  /** An activity we name ourselves, so the community's and the collection's relays of it share one id. */
  activity: () => `${publicUrl}/${PLUGIN_ID}/activities/${crypto.randomUUID()}`,
});

/** A context URL of ours on any Commonplace host: how an incoming object says it speaks our terms. */
export function isCommonsContextUrl(value: unknown): boolean {
  return typeof value === 'string' && value.endsWith(`/${PLUGIN_ID}${CONTEXT_PATH}`);
}

/** The id of one of our objects on any Commonplace host, as `inReplyTo` or `isBasedOn` carry it. */
export function commonsObjectPath(uri: string): { kind: 'resource' | 'comment'; id: string } | null {
  // Asked of every incoming Note's inReplyTo (mostly absent or elsewhere): a throwing URL parse costs.
  if (!uri.includes('/education-commons/')) return null;
  try {
    const match = /\/education-commons\/(resources|comments)\/([0-9a-f-]{36})$/i.exec(new URL(uri).pathname);
    if (!match) return null;
    return { kind: match[1] === 'resources' ? 'resource' : 'comment', id: match[2]!.toLowerCase() };
  } catch {
    return null;
  }
}

export function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return null;
  }
}
