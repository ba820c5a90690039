import type { Executor } from '@commonplace/sdk';
import { pageUri } from './activitypub.js';
import type { LinksServices } from './services.js';
import type { LinkRow, LinksTables } from './tables.js';

/** A link as the API shows it (the GraphQL `LinksLink`). */
export interface LinkView {
  id: string;
  uri: string;
  url: string;
  title: string;
  note: string;
  ownerUri: string;
  likeCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Live (not deleted) links by id, with their like counts, in one query. */
export async function linkViews(services: Pick<LinksServices, 'config'>, db: Executor<LinksTables>, ids: readonly string[]): Promise<Map<string, LinkView>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('links_links as l')
    .selectAll('l')
    .select((eb) => eb.selectFrom('links_likes as k').whereRef('k.link_id', '=', 'l.id').select((k) => k.fn.countAll<string>().as('n')).as('like_count'))
    .where('l.id', 'in', [...ids])
    .where('l.deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.id, viewOf(services, row, Number(row.like_count ?? 0))]));
}

export function viewOf(services: Pick<LinksServices, 'config'>, row: LinkRow, likeCount: number): LinkView {
  return {
    id: row.id,
    uri: pageUri(services, row.id),
    url: row.url,
    title: row.title,
    note: row.note,
    ownerUri: row.owner_uri,
    likeCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
