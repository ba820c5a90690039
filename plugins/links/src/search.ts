import type { SearchDocument, SearchDocumentType } from '@commonplace/sdk';
import { linkViews, type LinkView } from './link-view.js';
import type { LinksServices } from './services.js';
import type { LinkRow } from './tables.js';

export const LINK_DOCUMENT = 'links.link';

/** A link as the search index keeps it: public, found by its title first, then its note and URL. */
export function linkDocument(row: LinkRow): SearchDocument {
  return {
    id: row.id,
    type: LINK_DOCUMENT,
    audience: { kind: 'public' },
    ownerActorId: row.owner_actor_id,
    fields: { title: row.title, note: row.note, url: row.url },
    filters: { host: new URL(row.url).hostname },
    updatedAt: row.updated_at,
  };
}

export const linkSearchDocument: SearchDocumentType<LinkRow, LinksServices> = {
  type: LINK_DOCUMENT,
  graphqlType: 'LinksLink',
  fields: { title: { weight: 'A' }, note: { weight: 'C' }, url: { weight: 'D' } },
  filters: { host: 'keyword' },
  facets: ['host'],
  toDocument: linkDocument,
  async rows(services, { afterId, limit }) {
    let query = services.db.selectFrom('links_links').selectAll().where('deleted_at', 'is', null).orderBy('id').limit(limit);
    if (afterId) query = query.where('id', '>', afterId);
    return query.execute();
  },
  // Links are public: a hit is shown while the link is not deleted.
  async load(ids, services): Promise<ReadonlyMap<string, LinkView>> {
    return linkViews(services, services.db, ids);
  },
  publicPreview(object: LinkView) {
    return { title: object.title, summary: object.note || null, url: object.uri };
  },
};
