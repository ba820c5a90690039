import { ForbiddenError, NotFoundError, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { requireAuthorStanding } from '../communities/participation.js';
import { requireCommunityRole, roleAtLeast, roleIn } from '../communities/roles.js';
import { tombstoneResources } from '../resources/tombstone.js';
import { collectionSearchDocument, indexDocument, removeDocument, SEARCH_TYPES } from '../search/documents.js';
import { groupUsername } from '../shared/actor-names.js';
import { commonsOf } from '../shared/commons.js';
import { checkId, optionalText, requiredText } from '../shared/input.js';
import type { CollectionRow, CommonsExecutor, CommunityRow } from '../tables.js';
import type { CreateCollectionInput, UpdateCollectionInput } from './types.js';
import { newestFirstPage } from '../shared/connections.js';

const ACTOR_DISPLAY_NAME_LENGTH = 100;

/** Collections: curated sets of resources, each with a Group actor people can follow. */
export class CollectionService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  async byId(id: string, field = 'id', db: CommonsExecutor = this.commons.db): Promise<CollectionRow> {
    const row = await db.selectFrom('education_commons_collections').selectAll().where('id', '=', checkId(id, field)).executeTakeFirst();
    if (!row) throw new NotFoundError('No collection with that id.');
    return row;
  }

  async find(id: string): Promise<CollectionRow | null> {
    return (await this.commons.db.selectFrom('education_commons_collections').selectAll().where('id', '=', checkId(id, 'id')).executeTakeFirst()) ?? null;
  }

  async create(viewer: Viewer, input: CreateCollectionInput): Promise<CollectionRow> {
    const { db, settings, now } = this.commons;
    const name = requiredText(input.name, 'name', settings.limits.nameLength);
    const summary = optionalText(input.summary, 'summary', settings.limits.summaryLength) ?? null;
    let community: CommunityRow | null = null;
    if (input.communityId) {
      community = (await db.selectFrom('education_commons_communities').selectAll().where('id', '=', checkId(input.communityId, 'communityId')).executeTakeFirst()) ?? null;
      if (!community) throw new NotFoundError('No community with that id.');
      if (!roleAtLeast(await roleIn(db, community.id, viewer.actorId), 'member')) {
        throw new ForbiddenError('Only members of the community can add collections to it.');
      }
    }
    return db.transaction().execute(async (tx) => {
      const actor = await this.services.actors.createLocal(
        {
          type: 'Group',
          username: groupUsername(name),
          displayName: name.slice(0, ACTOR_DISPLAY_NAME_LENGTH),
          summary,
          ownerAccountId: viewer.accountId,
          // Core's Group relays what is addressed to it; in an approval-only community only approved followers' (see approvalOfCollections).
          manuallyApprovesFollowers: community?.requires_approval ?? false,
        },
        tx,
      );
      const at = now();
      const row = await tx
        .insertInto('education_commons_collections')
        .values({
          id: crypto.randomUUID(),
          actor_id: actor.id,
          username: actor.username,
          actor_uri: actor.uri,
          community_id: community?.id ?? null,
          owner_actor_id: viewer.actorId,
          name,
          summary,
          featured: false,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await indexDocument(this.services, collectionSearchDocument(row), tx);
      return row;
    });
  }

  async update(viewer: Viewer, input: UpdateCollectionInput): Promise<CollectionRow> {
    const { db, settings, now } = this.commons;
    const current = await this.byId(input.id);
    await this.requireEditor(viewer, current, 'Editing a collection', 'edit');
    const name = input.name === undefined || input.name === null ? undefined : requiredText(input.name, 'name', settings.limits.nameLength);
    const summary = optionalText(input.summary, 'summary', settings.limits.summaryLength);
    return db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('education_commons_collections')
        .set({ ...(name !== undefined ? { name } : {}), ...(summary !== undefined ? { summary } : {}), updated_at: now() })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.services.actors.updateLocal(row.actor_id, { displayName: row.name.slice(0, ACTOR_DISPLAY_NAME_LENGTH), summary: row.summary }, tx);
      // Followers on other servers keep the Group's old name until told.
      await this.services.federation.publishActorUpdate(row.actor_id, { tx });
      await indexDocument(this.services, collectionSearchDocument(row), tx);
      return row;
    });
  }

  /** Deletes the collection, its Group actor, and its resources (as Tombstones), in one transaction. */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const { db } = this.commons;
    const collection = await this.byId(id);
    await this.requireEditor(viewer, collection, 'Deleting a collection', 'delete');
    const community = collection.community_id
      ? await db.selectFrom('education_commons_communities').select('actor_id').where('id', '=', collection.community_id).executeTakeFirst()
      : undefined;
    return db.transaction().execute(async (tx) => {
      const resources = await tx.selectFrom('education_commons_resources').selectAll().where('collection_id', '=', collection.id).execute();
      await tombstoneResources(this.services, tx, resources, { actorId: viewer.actorId, announceAs: 'actor', communityActorId: community?.actor_id ?? null });
      await tx.updateTable('education_commons_resources').set({ collection_id: null }).where('collection_id', '=', collection.id).execute();
      await tx.deleteFrom('education_commons_collections').where('id', '=', collection.id).execute();
      await this.services.actors.deleteLocal(collection.actor_id, tx);
      await removeDocument(this.services, SEARCH_TYPES.collection, collection.id, tx);
      return true;
    });
  }

  /** May the viewer add resources here: the owner of a personal collection, or a member of its community. */
  async requireContributor(viewer: Viewer, collection: CollectionRow): Promise<void> {
    if (collection.community_id === null) {
      if (collection.owner_actor_id !== viewer.actorId) throw new ForbiddenError('Only its owner adds resources to a personal collection.');
      return;
    }
    if (!roleAtLeast(await roleIn(this.commons.db, collection.community_id, viewer.actorId), 'member')) {
      throw new ForbiddenError('Only members of the community can add resources to its collections.');
    }
  }

  /** The collection's maker (editing only while they take part in its community), or a moderator of its community. */
  async requireEditor(viewer: Viewer, collection: CollectionRow, action: string, purpose: 'edit' | 'delete'): Promise<void> {
    if (collection.owner_actor_id === viewer.actorId) {
      if (purpose === 'edit') await requireAuthorStanding(this.services, this.commons.db, viewer, collection.community_id, action);
      return;
    }
    if (collection.community_id === null) throw new ForbiddenError(`${action} is for its owner.`);
    await requireCommunityRole(this.commons.db, viewer, collection.community_id, 'moderator', action);
  }

  list(filter: { communityId?: string | null; ownerActorId?: string | null }, args: ConnectionArgs) {
    let query = this.commons.db.selectFrom('education_commons_collections').selectAll();
    if (filter.communityId) query = query.where('community_id', '=', filter.communityId);
    if (filter.ownerActorId) query = query.where('owner_actor_id', '=', filter.ownerActorId);
    return newestFirstPage(query, args, this.commons.pageLimits);
  }

  async setFeatured(id: string, featured: boolean): Promise<CollectionRow> {
    const collection = await this.byId(id);
    return this.commons.db.updateTable('education_commons_collections').set({ featured }).where('id', '=', collection.id).returningAll().executeTakeFirstOrThrow();
  }
}
