import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { Collection } from '../collections/types.js';
import { Community } from '../communities/types.js';
import { mapConnection } from '../shared/connections.js';
import { Comment, CommentConnection } from '../social/types.js';
import { collectionById, communityById, likedByViewer, resourceById } from './request-loaders.js';
import { CopyResourceInput, CreateResourceInput, Resource, ResourceConnection, UpdateResourceInput } from './types.js';

@Resolver(() => Resource)
export class ResourceResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Query(() => Resource, { nullable: true, description: 'A resource by id (deleted ones come back with deleted: true).' })
  async resource(@Arg('id', () => ID) id: string): Promise<Resource | null> {
    const row = await this.services.educationResources.find({ id });
    return row ? Resource.from(row) : null;
  }

  @Mutation(() => Resource, { description: 'Adds a link or an uploaded file, with its metadata, to a collection; announced by its community.' })
  async createResource(@Arg('input', () => CreateResourceInput) input: CreateResourceInput, @Ctx() context: GraphQLContext): Promise<Resource> {
    return Resource.from(await this.services.educationResources.create(requireViewer(context), input));
  }

  @Mutation(() => Resource, { description: 'Its author or a moderator edits a resource; the change federates as an Update.' })
  async updateResource(@Arg('input', () => UpdateResourceInput) input: UpdateResourceInput, @Ctx() context: GraphQLContext): Promise<Resource> {
    return Resource.from(await this.services.educationResources.update(requireViewer(context), input));
  }

  @Mutation(() => Resource, { description: 'Deletes a resource: it stays as a Tombstone, and a Delete federates.' })
  async deleteResource(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Resource> {
    return Resource.from(await this.services.educationResources.delete(requireViewer(context), id));
  }

  @Mutation(() => Resource, { description: 'Copies a resource into another collection; the copy’s derivedFrom names the original.' })
  async copyResource(@Arg('input', () => CopyResourceInput) input: CopyResourceInput, @Ctx() context: GraphQLContext): Promise<Resource> {
    return Resource.from(await this.services.educationResources.copy(requireViewer(context), input));
  }

  // Related rows of a page of resources load together, one query per kind (see request-loaders.ts).
  @FieldResolver(() => Collection, { nullable: true })
  async collection(@Root() resource: Resource, @Ctx() context: GraphQLContext): Promise<Collection | null> {
    if (!resource.row.collection_id) return null;
    const row = await collectionById(context, this.services)(resource.row.collection_id);
    return row ? Collection.from(row) : null;
  }

  @FieldResolver(() => Community, { nullable: true })
  async community(@Root() resource: Resource, @Ctx() context: GraphQLContext): Promise<Community | null> {
    if (!resource.row.community_id) return null;
    const row = await communityById(context, this.services)(resource.row.community_id);
    return row ? Community.from(row) : null;
  }

  @FieldResolver(() => Resource, { nullable: true, description: 'The resource this one was derived from, when this instance holds it.' })
  async derivedFrom(@Root() resource: Resource, @Ctx() context: GraphQLContext): Promise<Resource | null> {
    const { derived_from_id: id, derived_from_uri: uri } = resource.row;
    if (!id && !uri) return null;
    const row = id ? await resourceById(context, this.services)(id) : await this.services.educationResources.find({ uri: uri! });
    return row ? Resource.from(row) : null;
  }

  @FieldResolver(() => ResourceConnection, { description: 'Copies and remixes of this resource (its lineage downwards).' })
  async derivatives(@Root() resource: Resource, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationResources.derivatives(resource.id, args), Resource.from);
  }

  @FieldResolver(() => CommentConnection, { description: 'Top-level comments, oldest first; each has its replies.' })
  async comments(@Root() resource: Resource, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommentConnection> {
    return mapConnection(await this.services.educationComments.onTarget(resource.id, args), Comment.from);
  }

  @FieldResolver(() => Boolean)
  viewerHasLiked(@Root() resource: Resource, @Ctx() context: GraphQLContext): Promise<boolean> {
    return likedByViewer(context, this.services)(resource.id);
  }
}
