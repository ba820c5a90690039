import { isUuid, type FederationObjectHandler } from '@commonplace/sdk';
import { PAGE_PATH, pageOf } from './activitypub.js';
import { isLinkPage, receiveDelete, receiveLike, receivePage, receivePageUpdate, receiveUndo } from './inbound.js';
import type { LinksServices } from './services.js';
import type { LinkRow } from './tables.js';

/**
 * Links as ActivityPub `Page`s: served at their ids (deleted ones as Tombstones, 410), and what other
 * servers send about them. `Page` is shared (Lemmy posts are Pages): `matches` takes those with a url.
 */
export const pageHandler: FederationObjectHandler<LinkRow, LinksServices> = {
  types: ['Page'],
  matches: isLinkPage,
  dispatch: {
    path: PAGE_PATH,
    async load(id, services) {
      if (!isUuid(id)) return null;
      // Deleted links load too: toActivityPub renders them as a Tombstone.
      return (await services.db.selectFrom('links_links').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
    },
  },
  toActivityPub: (row, services) => pageOf(row, services),
  on: {
    Create: receivePage,
    Update: receivePageUpdate,
    Delete: receiveDelete,
    Like: receiveLike,
    Undo: receiveUndo,
  },
};
