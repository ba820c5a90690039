import type { AccountDataExport, AccountDataSubject } from '@commonplace/sdk';
import { pageOf } from './activitypub.js';
import type { LinksServices } from './services.js';

/**
 * The person's links for their archive: every live link they saved, oldest first, as the Pages their
 * followers received (deleted links are gone, as they asked). Likes from others stay out: they are
 * other people's acts.
 */
export async function exportLinks(account: AccountDataSubject, services: LinksServices): Promise<AccountDataExport> {
  const rows = await services.db
    .selectFrom('links_links')
    .selectAll()
    .where('owner_actor_id', '=', account.actorId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  // A JSON round trip: a Page is an ActivityPubObject (unknown values), the archive wants plain JSON.
  const pages = JSON.parse(JSON.stringify(rows.map((row) => pageOf(row, services))));
  return { links: { type: 'OrderedCollection', totalItems: rows.length, orderedItems: pages } };
}
