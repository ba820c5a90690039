import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  isUuid,
  paginate,
  requireViewer,
  type Connection,
  type Executor,
  type Viewer,
} from '@commonplace/sdk';
import { pageOf } from './activitypub.js';
import { checkedNote, checkedTitle, checkedUrl, type LinkInput } from './input.js';
import { linkViews, viewOf, type LinkView } from './link-view.js';
import { LINK_DOCUMENT, linkDocument } from './search.js';
import type { LinksServices } from './services.js';
import type { LinkRow, LinksTables } from './tables.js';

/** What an edit may change; undefined leaves a field as it is. */
export interface LinkEdit {
  url?: string | null;
  title?: string | null;
  note?: string | null;
}

/**
 * A person's links: saving, editing and deleting them (only the owner may change one), each write with
 * its federated activity and its search document in the same transaction. Scoped: it acts for the
 * request's viewer.
 */
export class LinkService {
  constructor(private readonly services: LinksServices) {}

  async save(input: { url: string; title: string; note?: string | null }): Promise<LinkView> {
    const viewer = requireViewer(this.services);
    const settings = this.services.config.settings;
    const checked: LinkInput = {
      url: checkedUrl(input.url, settings, 'input.url'),
      title: checkedTitle(input.title, settings, 'input.title'),
      note: checkedNote(input.note ?? '', settings, 'input.note'),
    };
    const ownerUri = await this.actorUriOf(viewer);
    const now = this.services.clock.now();
    const row = await this.services.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('links_links')
        .values({ id: randomUUID(), owner_actor_id: viewer.actorId, owner_uri: ownerUri, ...checked, created_at: now, updated_at: now, deleted_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.services.federation.publish({ type: 'Create', object: pageOf(inserted, this.services) }, { kind: 'public' }, { tx, actorId: viewer.actorId });
      await this.services.search.index(linkDocument(inserted), { tx });
      return inserted;
    });
    return viewOf(this.services, row, 0);
  }

  async edit(id: string, edit: LinkEdit): Promise<LinkView> {
    const viewer = requireViewer(this.services);
    const settings = this.services.config.settings;
    const changes: Partial<LinkInput> = {
      ...(edit.url != null ? { url: checkedUrl(edit.url, settings, 'input.url') } : {}),
      ...(edit.title != null ? { title: checkedTitle(edit.title, settings, 'input.title') } : {}),
      ...(edit.note != null ? { note: checkedNote(edit.note, settings, 'input.note') } : {}),
    };
    const row = await this.services.db.transaction().execute(async (tx) => {
      await this.ownLink(tx, viewer, id, 'input.id');
      const updated = await tx
        .updateTable('links_links')
        .set({ ...changes, updated_at: this.services.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.services.federation.publish({ type: 'Update', object: pageOf(updated, this.services) }, { kind: 'public' }, { tx, actorId: viewer.actorId });
      await this.services.search.index(linkDocument(updated), { tx });
      return updated;
    });
    return (await linkViews(this.services, this.services.db, [row.id])).get(row.id) ?? viewOf(this.services, row, 0);
  }

  /** Keeps the row as a tombstone: its id answers 410 Gone, and followers' copies are deleted. */
  async delete(id: string): Promise<void> {
    const viewer = requireViewer(this.services);
    await this.services.db.transaction().execute(async (tx) => {
      await this.ownLink(tx, viewer, id, 'id');
      const now = this.services.clock.now();
      const deleted = await tx.updateTable('links_links').set({ deleted_at: now, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await this.services.federation.publish({ type: 'Delete', object: pageOf(deleted, this.services) }, { kind: 'public' }, { tx, actorId: viewer.actorId });
      await this.services.search.remove(LINK_DOCUMENT, id, { tx });
    });
  }

  /** A live link by id, for anyone (links are public); null when there is none. */
  async byId(id: string): Promise<LinkView | null> {
    if (!isUuid(id)) throw new BadUserInputError('id is not a link id.', 'id');
    return (await linkViews(this.services, this.services.db, [id])).get(id) ?? null;
  }

  /** The viewer's links, newest first. */
  async mine(page: { first?: number | null; after?: string | null }): Promise<Connection<LinkView>> {
    const viewer = requireViewer(this.services);
    return this.ownedBy(viewer.actorId, page);
  }

  /** A local person's links, newest first, for anyone (links are public); empty for no such person. */
  async ofPerson(username: string, page: { first?: number | null; after?: string | null }): Promise<Connection<LinkView>> {
    const actor = await this.services.actors.byUsername(username);
    if (!actor) return { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
    return this.ownedBy(actor.id, page);
  }

  private async ownedBy(actorId: string, page: { first?: number | null; after?: string | null }): Promise<Connection<LinkView>> {
    const connection = await paginate(
      this.services.db.selectFrom('links_links').select(['id', 'created_at']).where('owner_actor_id', '=', actorId).where('deleted_at', 'is', null),
      {
        ...page,
        limits: this.services.config.pageLimits,
        sortColumn: 'created_at',
        sortType: 'timestamp',
        idColumn: 'id',
        idType: 'uuid',
        direction: 'desc',
        keyOf: (row) => ({ sort: row.created_at, id: row.id }),
      },
    );
    const views = await linkViews(this.services, this.services.db, connection.nodes.map((row) => row.id));
    const edges = connection.edges.flatMap((edge) => {
      const node = views.get(edge.node.id);
      return node ? [{ cursor: edge.cursor, node }] : [];
    });
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: connection.pageInfo };
  }

  /** The link, locked for the write, if the viewer owns it: NotFound for no live link, Forbidden for someone else's. */
  private async ownLink(tx: Executor<LinksTables>, viewer: Viewer, id: string, field: string): Promise<LinkRow> {
    if (!isUuid(id)) throw new BadUserInputError('id is not a link id.', field);
    const link = await tx.selectFrom('links_links').selectAll().where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
    if (!link) throw new NotFoundError('No such link.');
    if (link.owner_actor_id !== viewer.actorId) throw new ForbiddenError('Only the person who saved a link may change it.');
    return link;
  }

  /** The viewer's ActivityPub id: the Page's attributedTo. */
  private async actorUriOf(viewer: Viewer): Promise<string> {
    const actor = await this.services.actors.byId(viewer.actorId);
    if (!actor) throw new NotFoundError('Your actor no longer exists.');
    return actor.uri;
  }
}
