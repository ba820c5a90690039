import {
  AS_PUBLIC,
  followersUriOf,
  idFromObjectUrl,
  isUuid,
  objectUrl,
  plainTextAsHtml,
  plainTextForFederation,
  type ActivityPubObject,
} from '@commonplace/sdk';
import type { LinksServices } from './services.js';
import type { LinkRow } from './tables.js';

/**
 * Where a link's Page is served, relative to the instance's root (not to the plugin's `/links` route
 * prefix): its ActivityPub id is the public URL plus this path.
 */
export const PAGE_PATH = '/links/:id';

/** The ActivityPub id of a link. */
export function pageUri(services: Pick<LinksServices, 'config'>, id: string): string {
  return objectUrl(services.config.publicUrl, PAGE_PATH, id);
}

/** The link id in one of our Page URIs, or null for any other URI. */
export function linkIdOf(services: Pick<LinksServices, 'config'>, uri: string): string | null {
  const id = idFromObjectUrl(services.config.publicUrl, PAGE_PATH, uri);
  return isUuid(id) ? id : null;
}

/**
 * A link as a `Page`: `name` the title, `url` the link, `content` the note as HTML for Mastodon and
 * the like, and `source` the note as typed, which this plugin reads back on other instances. A
 * deleted link is a Tombstone (core answers 410 Gone).
 */
export function pageOf(row: LinkRow, services: Pick<LinksServices, 'config'>): ActivityPubObject {
  const id = pageUri(services, row.id);
  if (row.deleted_at) {
    return { id, type: 'Tombstone', formerType: 'Page', deleted: row.deleted_at.toISOString() };
  }
  return {
    id,
    type: 'Page',
    attributedTo: row.owner_uri,
    name: plainTextForFederation(row.title),
    url: row.url,
    content: plainTextAsHtml(row.note),
    source: { content: row.note, mediaType: 'text/plain' },
    published: row.created_at.toISOString(),
    ...(row.updated_at.getTime() !== row.created_at.getTime() ? { updated: row.updated_at.toISOString() } : {}),
    to: [AS_PUBLIC],
    cc: [followersUriOf(row.owner_uri)],
  };
}
