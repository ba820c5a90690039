import { BadUserInputError, ForbiddenError, NotFoundError, type ConnectionArgs, type Viewer } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { requireAuthorStanding } from '../communities/participation.js';
import { requireCommunityRole } from '../communities/roles.js';
import type { CollectionService } from '../collections/collection-service.js';
import { resourceDocument } from '../federation/documents.js';
import { relayToCollectionFollowers } from '../federation/collection-relay.js';
import { publishActivity, type Destination } from '../federation/outbound.js';
import { commonsUrls } from '../federation/uris.js';
import { indexDocument, resourceSearchDocument } from '../search/documents.js';
import { commonsOf, jsonb } from '../shared/commons.js';
import { checkId } from '../shared/input.js';
import type { CollectionRow, CommonsExecutor, CommunityRow, ResourceRow } from '../tables.js';
import { checkResourceMetadata } from './metadata.js';
import { tombstoneResources } from './tombstone.js';
import { normalise, normalisedPage } from './normalise.js';
import { ownUpload } from './uploads.js';
import { holdUpload } from './unattached-uploads.js';

export { normalise };
import type { CopyResourceInput, CreateResourceInput, UpdateResourceInput } from './types.js';
import { newestFirstPage, type TableSelect } from '../shared/connections.js';

/**
 * Resources: create, edit, delete (as Tombstones) and copy into another collection keeping lineage.
 * Each write is one transaction holding the row, its outgoing activity and its search document.
 */
export class ResourceService {
  constructor(private readonly services: EducationCommonsServices) {}

  private get commons() {
    return commonsOf(this.services);
  }

  private get collections(): CollectionService {
    return this.services.educationCollections;
  }

  async byId(id: string, field = 'id', db: CommonsExecutor = this.commons.db): Promise<ResourceRow> {
    const row = await db.selectFrom('education_commons_resources').selectAll().where('id', '=', checkId(id, field)).executeTakeFirst();
    if (!row) throw new NotFoundError('No resource with that id.');
    return row;
  }

  /** By id, or (for lineage) by ActivityPub id; null when there is none. */
  async find(by: { id: string } | { uri: string }): Promise<ResourceRow | null> {
    let query = this.commons.db.selectFrom('education_commons_resources').selectAll();
    query = 'id' in by ? query.where('id', '=', checkId(by.id, 'id')) : query.where('uri', '=', by.uri);
    const row = await query.executeTakeFirst();
    return row ? normalise(row) : null;
  }

  async create(viewer: Viewer, input: CreateResourceInput): Promise<ResourceRow> {
    const { db, settings } = this.commons;
    const collection = await this.collections.byId(input.collectionId, 'collectionId');
    const metadata = checkResourceMetadata(input, settings, 'create');
    let file: Awaited<ReturnType<typeof ownUpload>> = null;
    if (input.uploadId) {
      if (metadata.url) throw new BadUserInputError('Give either url or uploadId, not both.', 'url');
      file = await ownUpload(db, this.commons.publicUrl, viewer.actorId, input.uploadId);
      if (!file) throw new BadUserInputError('uploadId names no file you uploaded (POST the file to /education-commons/uploads first).', 'uploadId');
    } else if (!metadata.url) {
      throw new BadUserInputError('url is required (an http or https link), unless you upload a file.', 'url');
    }
    await this.collections.requireContributor(viewer, collection);
    const derivedFrom = input.derivedFromId ? await this.liveResource(input.derivedFromId, 'derivedFromId') : null;

    return db.transaction().execute(async (tx) => {
      if (file) await holdUpload(tx, file.uploadId, 'uploadId');
      return this.insert(tx, viewer, collection, {
        ...metadata,
        name: metadata.name!,
        licence: metadata.licence!,
        url: file?.url ?? metadata.url!,
        kind: file ? 'file' : 'link',
        media_type: file?.mediaType ?? null,
        upload_id: file?.uploadId ?? null,
        derived_from_id: derivedFrom?.id ?? null,
        derived_from_uri: derivedFrom?.uri ?? null,
      });
    });
  }

  async update(viewer: Viewer, input: UpdateResourceInput): Promise<ResourceRow> {
    const { db, settings, now } = this.commons;
    const current = await this.liveResource(input.id, 'id');
    await this.requireEditor(viewer, current, 'Editing a resource', 'edit');
    const changes = checkResourceMetadata(input, settings, 'update');
    if (changes.url && current.kind === 'file') throw new BadUserInputError('A file resource’s url is its file; upload another file instead.', 'url');
    return db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('education_commons_resources')
        .set({
          ...changes,
          ...(changes.learning_outcomes ? { learning_outcomes: jsonb(changes.learning_outcomes) } : {}),
          updated_at: now(),
        })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const community = await this.communityOf(tx, row);
      await this.publish(tx, viewer.actorId, 'Update', row, community);
      await indexDocument(this.services, resourceSearchDocument(normalise(row)), tx);
      return normalise(row);
    });
  }

  /** The author, or a moderator of its community (or of the instance), deletes; a Tombstone stays. */
  async delete(viewer: Viewer, id: string): Promise<ResourceRow> {
    const { db } = this.commons;
    const current = await this.liveResource(id, 'id');
    await this.requireEditor(viewer, current, 'Deleting a resource', 'delete');
    return db.transaction().execute(async (tx) => {
      const community = await this.communityOf(tx, current);
      await tombstoneResources(this.services, tx, [current], { actorId: viewer.actorId, announceAs: 'actor', communityActorId: community?.actor_id ?? null });
      return normalise(await this.byId(current.id, 'id', tx));
    });
  }

  /** A copy in another collection, its `derivedFrom` naming the original (local or from a peer). */
  async copy(viewer: Viewer, input: CopyResourceInput): Promise<ResourceRow> {
    const source = await this.liveResource(input.resourceId, 'resourceId');
    const collection = await this.collections.byId(input.collectionId, 'collectionId');
    await this.collections.requireContributor(viewer, collection);
    return this.commons.db.transaction().execute(async (tx) => {
      if (source.upload_id) await holdUpload(tx, source.upload_id, 'resourceId');
      return this.insert(tx, viewer, collection, {
        name: source.name,
        summary: source.summary,
        url: source.url,
        kind: source.kind,
        media_type: source.media_type,
        upload_id: source.upload_id,
        licence: source.licence,
        language: source.language,
        level: source.level,
        subject: source.subject,
        resource_type: source.resource_type,
        learning_outcomes: source.learning_outcomes,
        credited_author: source.credited_author,
        original_url: source.original_url,
        derived_from_id: source.id,
        derived_from_uri: source.uri,
      });
    });
  }

  private async insert(
    tx: CommonsExecutor,
    viewer: Viewer,
    collection: CollectionRow,
    values: Partial<ResourceRow> & Pick<ResourceRow, 'name' | 'licence' | 'url' | 'kind' | 'derived_from_id' | 'derived_from_uri'>,
  ): Promise<ResourceRow> {
    const { publicUrl, now } = this.commons;
    const author = await this.services.actors.byId(viewer.actorId, tx);
    if (!author) throw new ForbiddenError('Your actor is gone.');
    const community = collection.community_id
      ? await tx.selectFrom('education_commons_communities').selectAll().where('id', '=', collection.community_id).executeTakeFirstOrThrow()
      : null;
    const id = crypto.randomUUID();
    const at = now();
    const inserted = await tx
      .insertInto('education_commons_resources')
      .values({
        id,
        uri: commonsUrls(publicUrl).resource(id),
        origin_host: null,
        collection_id: collection.id,
        community_id: community?.id ?? null,
        community_uri: community?.actor_uri ?? null,
        author_actor_id: viewer.actorId,
        author_uri: author.uri,
        summary: null,
        media_type: null,
        upload_id: null,
        language: null,
        level: null,
        subject: null,
        resource_type: null,
        credited_author: null,
        original_url: null,
        like_count: 0,
        created_at: at,
        updated_at: at,
        deleted_at: null,
        ...values,
        learning_outcomes: jsonb(values.learning_outcomes ?? []),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = normalise(inserted);
    if (community) {
      await tx.updateTable('education_commons_communities').set({ last_activity_at: at }).where('id', '=', community.id).execute();
    }
    await this.publish(tx, viewer.actorId, 'Create', row, community);
    await indexDocument(this.services, resourceSearchDocument(row), tx);
    return row;
  }

  /**
   * Create or Update, from the acting person, to the community's Group (which announces it) or
   * publicly; the collection's Group relays it to its own followers.
   */
  private async publish(tx: CommonsExecutor, actorId: string, verb: 'Create' | 'Update', row: ResourceRow, community: CommunityRow | null): Promise<void> {
    const { publicUrl } = this.commons;
    const actor = await this.services.actors.byId(actorId, tx);
    if (!actor) throw new ForbiddenError('Your actor is gone.');
    // The object keeps its own @context (ours), as core replaces only the activity's.
    const object = resourceDocument(row, await this.linksOf(tx, row), publicUrl);
    const activity = { id: commonsUrls(publicUrl).activity(), type: verb, actor: actor.uri, object };
    const destination: Destination = community ? { kind: 'community', groupActorId: community.actor_id } : { kind: 'public' };
    await publishActivity(this.services, tx, { actorId, activity, destination, isPublic: true });
    await relayToCollectionFollowers(this.services, tx, { collectionId: row.collection_id, activity });
  }

  async linksOf(db: CommonsExecutor, row: ResourceRow) {
    const collection = row.collection_id
      ? await db.selectFrom('education_commons_collections').select('actor_uri').where('id', '=', row.collection_id).executeTakeFirst()
      : undefined;
    return { collectionUri: collection?.actor_uri ?? null, derivedFromUri: row.derived_from_uri };
  }

  private async communityOf(db: CommonsExecutor, row: ResourceRow): Promise<CommunityRow | null> {
    if (!row.community_id) return null;
    return (await db.selectFrom('education_commons_communities').selectAll().where('id', '=', row.community_id).executeTakeFirst()) ?? null;
  }

  /** A resource that is not deleted; a Tombstone is BAD_USER_INPUT naming the argument. */
  async liveResource(id: string, field: string): Promise<ResourceRow> {
    const row = normalise(await this.byId(id, field));
    if (row.deleted_at) throw new BadUserInputError(`${field}: that resource was deleted.`, field);
    return row;
  }

  /**
   * Its poster (editing only while they take part in its community: communities/participation.ts), or
   * a moderator of its community; copies from other servers are edited there.
   */
  private async requireEditor(viewer: Viewer, row: ResourceRow, action: string, purpose: 'edit' | 'delete'): Promise<void> {
    if (row.origin_host !== null) throw new ForbiddenError(`${action} from another server is done on that server.`);
    if (row.author_actor_id === viewer.actorId) {
      if (purpose === 'edit') await requireAuthorStanding(this.services, this.commons.db, viewer, row.community_id, action);
      return;
    }
    if (!row.community_id) throw new ForbiddenError(`${action} is for its author.`);
    await requireCommunityRole(this.commons.db, viewer, row.community_id, 'moderator', action);
  }

  list(filter: { collectionId?: string; communityId?: string }, args: ConnectionArgs) {
    let query = this.commons.db.selectFrom('education_commons_resources').selectAll().where('deleted_at', 'is', null);
    if (filter.collectionId) query = query.where('collection_id', '=', filter.collectionId);
    if (filter.communityId) query = query.where('community_id', '=', filter.communityId);
    return this.newestFirst(query, args);
  }

  /** Resources derived from this one (its remixes and copies). */
  derivatives(resourceId: string, args: ConnectionArgs) {
    return this.newestFirst(
      this.commons.db.selectFrom('education_commons_resources').selectAll().where('deleted_at', 'is', null).where('derived_from_id', '=', resourceId),
      args,
    );
  }

  async newestFirst(query: TableSelect<'education_commons_resources'>, args: ConnectionArgs) {
    return normalisedPage(await newestFirstPage<ResourceRow>(query, args, this.commons.pageLimits));
  }
}
