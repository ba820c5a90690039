import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  paginate,
  type ConnectionArgs,
  type Viewer,
} from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { checkLanguage } from '../vocabularies/index.js';
import { groupUsername } from '../shared/actor-names.js';
import { commonsOf } from '../shared/commons.js';
import { checkId, httpUrl, optionalText, requiredText } from '../shared/input.js';
import { collectionSearchDocument, communitySearchDocument, indexDocument, removeDocument, resourceSearchDocument, SEARCH_TYPES } from '../search/documents.js';
import { tombstoneResources } from '../resources/tombstone.js';
import type { CommonsExecutor, CommunityRole, CommunityRow } from '../tables.js';
import { approvalOfCollections } from './participation.js';
import { holdsCommunityRole, requireCommunityRole, roleAtLeast, roleIn } from './roles.js';
import type { CreateCommunityInput, DeleteCommunityInput, UpdateCommunityInput } from './types.js';
import { byCreationTime, newestFirstPage } from '../shared/connections.js';

/** Core limits a Group actor's display name; a longer community name is cut for the actor only. */
const ACTOR_DISPLAY_NAME_LENGTH = 100;

/** Communities: their Group actors, memberships and roles, and deletion that leaves nothing half-done. */
export class CommunityService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  async byId(id: string, db: CommonsExecutor = this.commons.db): Promise<CommunityRow> {
    const row = await db.selectFrom('education_commons_communities').selectAll().where('id', '=', checkId(id, 'id')).executeTakeFirst();
    if (!row) throw new NotFoundError('No community with that id.');
    return row;
  }

  /** null when there is none; a malformed id is BAD_USER_INPUT naming `id`. */
  async find(id: string): Promise<CommunityRow | null> {
    return (await this.commons.db.selectFrom('education_commons_communities').selectAll().where('id', '=', checkId(id, 'id')).executeTakeFirst()) ?? null;
  }

  async create(viewer: Viewer, input: CreateCommunityInput): Promise<CommunityRow> {
    const { db, settings, now } = this.commons;
    const name = requiredText(input.name, 'name', settings.limits.nameLength);
    const summary = optionalText(input.summary, 'summary', settings.limits.summaryLength) ?? null;
    const language = input.language ? checkLanguage(input.language) : null;
    const iconUrl = input.iconUrl ? httpUrl(input.iconUrl, 'iconUrl', settings.limits.urlLength) : null;
    const requiresApproval = input.requiresApproval ?? false;

    return db.transaction().execute(async (tx) => {
      // The Group actor, its keys, the community and its owner's membership commit together.
      const actor = await this.services.actors.createLocal(
        {
          type: 'Group',
          username: groupUsername(name),
          displayName: name.slice(0, ACTOR_DISPLAY_NAME_LENGTH),
          summary,
          avatarUrl: iconUrl,
          ownerAccountId: viewer.accountId,
          manuallyApprovesFollowers: requiresApproval,
        },
        tx,
      );
      const at = now();
      const row = await tx
        .insertInto('education_commons_communities')
        .values({
          id: crypto.randomUUID(),
          actor_id: actor.id,
          username: actor.username,
          actor_uri: actor.uri,
          name,
          summary,
          language,
          icon_url: iconUrl,
          owner_actor_id: viewer.actorId,
          requires_approval: requiresApproval,
          featured: false,
          last_activity_at: at,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('education_commons_members')
        .values({ community_id: row.id, actor_id: viewer.actorId, role: 'owner', state: 'accepted', created_at: at })
        .execute();
      await indexDocument(this.services, communitySearchDocument(row), tx);
      return row;
    });
  }

  async update(viewer: Viewer, input: UpdateCommunityInput): Promise<CommunityRow> {
    const { db, settings, now } = this.commons;
    const current = await this.byId(input.id);
    await requireCommunityRole(db, viewer, current.id, 'moderator', 'Editing a community');
    const changes = {
      name: input.name === undefined || input.name === null ? undefined : requiredText(input.name, 'name', settings.limits.nameLength),
      summary: optionalText(input.summary, 'summary', settings.limits.summaryLength),
      language: input.language === undefined ? undefined : input.language === null || input.language.trim() === '' ? null : checkLanguage(input.language),
      icon_url: input.iconUrl === undefined ? undefined : input.iconUrl === null || input.iconUrl.trim() === '' ? null : httpUrl(input.iconUrl, 'iconUrl', settings.limits.urlLength),
      requires_approval: input.requiresApproval ?? undefined,
    };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('education_commons_communities')
        .set({ ...defined, updated_at: now() })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.services.actors.updateLocal(
        row.actor_id,
        {
          displayName: row.name.slice(0, ACTOR_DISPLAY_NAME_LENGTH),
          summary: row.summary,
          avatarUrl: row.icon_url,
          manuallyApprovesFollowers: row.requires_approval,
        },
        tx,
      );
      if (row.requires_approval !== current.requires_approval) await approvalOfCollections(this.services, tx, row);
      // Followers on other servers keep the Group's old name and icon until told.
      await this.services.federation.publishActorUpdate(row.actor_id, { tx });
      await indexDocument(this.services, communitySearchDocument(row), tx);
      return row;
    });
  }

  /**
   * Deletes a community in one transaction. Its collections and resources are either deleted with it
   * (resources become Tombstones, announced to the community's followers) or moved to another
   * community the viewer belongs to; either way nothing is left pointing at the deleted community.
   */
  async delete(viewer: Viewer, input: DeleteCommunityInput): Promise<boolean> {
    const { db } = this.commons;
    const community = await this.byId(input.id);
    await requireCommunityRole(db, viewer, community.id, 'owner', 'Deleting a community');
    let target: CommunityRow | null = null;
    if (input.contents === 'move') {
      if (!input.moveToCommunityId) throw new BadUserInputError('moveToCommunityId is needed to move the contents.', 'moveToCommunityId');
      const targetId = checkId(input.moveToCommunityId, 'moveToCommunityId');
      if (targetId === community.id) throw new BadUserInputError('moveToCommunityId must be another community.', 'moveToCommunityId');
      target = await db.selectFrom('education_commons_communities').selectAll().where('id', '=', targetId).executeTakeFirst() ?? null;
      if (!target) throw new BadUserInputError('moveToCommunityId names no community.', 'moveToCommunityId');
      if (!roleAtLeast(await roleIn(db, target.id, viewer.actorId), 'member')) {
        throw new ForbiddenError('You can only move the contents to a community you are a member of.');
      }
    } else if (input.moveToCommunityId) {
      throw new BadUserInputError('moveToCommunityId is only for contents: MOVE.', 'moveToCommunityId');
    }

    return db.transaction().execute(async (tx) => {
      const collections = await tx.selectFrom('education_commons_collections').selectAll().where('community_id', '=', community.id).execute();
      if (target) {
        await this.moveContents(tx, community, target);
      } else {
        const resources = await tx.selectFrom('education_commons_resources').selectAll().where('community_id', '=', community.id).where('deleted_at', 'is', null).execute();
        // Announced by the community itself, while its actor still exists.
        await tombstoneResources(this.services, tx, resources, { actorId: community.actor_id, announceAs: 'group' });
        // Tombstones (and resources deleted earlier) keep no link to rows about to go.
        await tx.updateTable('education_commons_resources').set({ collection_id: null, community_id: null }).where('community_id', '=', community.id).execute();
        for (const collection of collections) {
          await tx.deleteFrom('education_commons_collections').where('id', '=', collection.id).execute();
          await this.services.actors.deleteLocal(collection.actor_id, tx);
          await removeDocument(this.services, SEARCH_TYPES.collection, collection.id, tx);
        }
      }
      await tx.updateTable('education_commons_comments').set({ community_id: target?.id ?? null }).where('community_id', '=', community.id).execute();
      await tx.updateTable('education_commons_flags').set({ community_id: target?.id ?? null }).where('community_id', '=', community.id).execute();
      await tx.deleteFrom('education_commons_communities').where('id', '=', community.id).execute();
      await this.services.actors.deleteLocal(community.actor_id, tx);
      await removeDocument(this.services, SEARCH_TYPES.community, community.id, tx);
      return true;
    });
  }

  private async moveContents(tx: CommonsExecutor, from: CommunityRow, to: CommunityRow): Promise<void> {
    const collections = await tx
      .updateTable('education_commons_collections')
      .set({ community_id: to.id })
      .where('community_id', '=', from.id)
      .returningAll()
      .execute();
    const resources = await tx
      .updateTable('education_commons_resources')
      .set({ community_id: to.id, community_uri: to.actor_uri })
      .where('community_id', '=', from.id)
      .returningAll()
      .execute();
    if (to.requires_approval !== from.requires_approval) await approvalOfCollections(this.services, tx, to);
    for (const collection of collections) await indexDocument(this.services, collectionSearchDocument(collection), tx);
    for (const resource of resources) if (!resource.deleted_at) await indexDocument(this.services, resourceSearchDocument(resource), tx);
  }

  async list(args: ConnectionArgs) {
    return newestFirstPage(this.commons.db.selectFrom('education_commons_communities').selectAll(), args, this.commons.pageLimits);
  }

  /**
   * Accepted members for anyone; those waiting for approval only for the community's moderators (who
   * decide on them) and, each, for the person waiting. A request to join says something about the
   * person that the community has not agreed to show.
   */
  async members(viewer: Viewer | null, communityId: string, args: ConnectionArgs) {
    const { db, pageLimits } = this.commons;
    const seesEveryRequest = viewer !== null && (await holdsCommunityRole(db, viewer, communityId, 'moderator'));
    let query = db.selectFrom('education_commons_members').selectAll().where('community_id', '=', communityId);
    if (!seesEveryRequest) {
      query = query.where((eb) => (viewer ? eb.or([eb('state', '=', 'accepted'), eb('actor_id', '=', viewer.actorId)]) : eb('state', '=', 'accepted')));
    }
    return paginate(query, byCreationTime(args, pageLimits, 'asc', 'actor_id'));
  }

  /** Joins, or asks to join when the community approves its members. Joining twice changes nothing. */
  async join(viewer: Viewer, communityId: string): Promise<CommunityRow> {
    const community = await this.byId(communityId);
    await this.commons.db
      .insertInto('education_commons_members')
      .values({
        community_id: community.id,
        actor_id: viewer.actorId,
        role: 'member',
        state: community.requires_approval ? 'pending' : 'accepted',
        created_at: this.commons.now(),
      })
      .onConflict((oc) => oc.columns(['community_id', 'actor_id']).doNothing())
      .execute();
    return community;
  }

  async leave(viewer: Viewer, communityId: string): Promise<boolean> {
    const community = await this.byId(communityId);
    if ((await roleIn(this.commons.db, community.id, viewer.actorId)) === 'owner') {
      throw new ConflictError('The owner cannot leave; give the community to another member first (setCommunityRole with OWNER).', 'communityId');
    }
    const removed = await this.commons.db
      .deleteFrom('education_commons_members')
      .where('community_id', '=', community.id)
      .where('actor_id', '=', viewer.actorId)
      .executeTakeFirst();
    return Number(removed.numDeletedRows) > 0;
  }

  /** Moderators approve waiting members. */
  async approveMember(viewer: Viewer, communityId: string, actorId: string): Promise<boolean> {
    const { db } = this.commons;
    const community = await this.byId(communityId);
    await requireCommunityRole(db, viewer, community.id, 'moderator', 'Approving members');
    const updated = await db
      .updateTable('education_commons_members')
      .set({ state: 'accepted' })
      .where('community_id', '=', community.id)
      .where('actor_id', '=', checkId(actorId, 'actorId'))
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('Nobody with that id is waiting to join.');
    return true;
  }

  /**
   * The owner gives roles. Making someone OWNER hands the community over: the previous owner becomes a
   * moderator, and the Group actor's owning account stays as it was (core's follow approvals follow it).
   */
  async setRole(viewer: Viewer, communityId: string, actorId: string, role: CommunityRole): Promise<boolean> {
    const { db } = this.commons;
    const community = await this.byId(communityId);
    await requireCommunityRole(db, viewer, community.id, 'owner', 'Changing roles');
    const memberId = checkId(actorId, 'actorId');
    if (memberId === viewer.actorId && role !== 'owner') throw new BadUserInputError('Hand the community to someone else before changing your own role.', 'actorId');
    const member = await db
      .selectFrom('education_commons_members')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('actor_id', '=', memberId)
      .where('state', '=', 'accepted')
      .executeTakeFirst();
    if (!member) throw new NotFoundError('That actor is not a member of this community.');
    await db.transaction().execute(async (tx) => {
      if (role === 'owner') {
        await tx.updateTable('education_commons_members').set({ role: 'moderator' }).where('community_id', '=', community.id).where('role', '=', 'owner').execute();
        await tx.updateTable('education_commons_communities').set({ owner_actor_id: memberId }).where('id', '=', community.id).execute();
      }
      await tx.updateTable('education_commons_members').set({ role }).where('community_id', '=', community.id).where('actor_id', '=', memberId).execute();
    });
    return true;
  }

  /** Moderators remove members; nobody removes the owner. */
  async removeMember(viewer: Viewer, communityId: string, actorId: string): Promise<boolean> {
    const { db } = this.commons;
    const community = await this.byId(communityId);
    await requireCommunityRole(db, viewer, community.id, 'moderator', 'Removing members');
    const memberId = checkId(actorId, 'actorId');
    const role = await db
      .selectFrom('education_commons_members')
      .select('role')
      .where('community_id', '=', community.id)
      .where('actor_id', '=', memberId)
      .executeTakeFirst();
    if (!role) return false;
    if (role.role === 'owner') throw new ForbiddenError('The owner cannot be removed.');
    if (role.role === 'moderator') await requireCommunityRole(db, viewer, community.id, 'owner', 'Removing a moderator');
    await db.deleteFrom('education_commons_members').where('community_id', '=', community.id).where('actor_id', '=', memberId).execute();
    return true;
  }

  async setFeatured(communityId: string, featured: boolean): Promise<CommunityRow> {
    const community = await this.byId(communityId);
    return this.commons.db
      .updateTable('education_commons_communities')
      .set({ featured })
      .where('id', '=', community.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
