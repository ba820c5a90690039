import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, Cost, requireRole, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { Community } from '../communities/types.js';
import { Resource, ResourceConnection } from '../resources/types.js';
import { mapConnection } from '../shared/connections.js';
import { checkId } from '../shared/input.js';
import { communityById } from '../resources/request-loaders.js';
import { Collection, CollectionConnection, CreateCollectionInput, UpdateCollectionInput } from './types.js';

@Resolver(() => Collection)
export class CollectionResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Query(() => Collection, { nullable: true })
  async collection(@Arg('id', () => ID) id: string): Promise<Collection | null> {
    const row = await this.services.educationCollections.find(id);
    return row ? Collection.from(row) : null;
  }

  @Query(() => CollectionConnection, { description: 'Collections, newest first: of a community, of a person (by actor id), or all.' })
  async collections(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('communityId', () => ID, { nullable: true }) communityId?: string | null,
    @Arg('ownerActorId', () => ID, { nullable: true }) ownerActorId?: string | null,
  ): Promise<CollectionConnection> {
    const filter = {
      communityId: communityId ? checkId(communityId, 'communityId') : null,
      ownerActorId: ownerActorId ? checkId(ownerActorId, 'ownerActorId') : null,
    };
    return mapConnection(await this.services.educationCollections.list(filter, args), Collection.from);
  }

  // A Group actor with two key pairs (RSA and Ed25519), like signUp: weighed as core weighs signUp.
  @Cost(1_000)
  @Mutation(() => Collection, { description: 'Makes a collection in a community the viewer belongs to, or a personal one.' })
  async createCollection(@Arg('input', () => CreateCollectionInput) input: CreateCollectionInput, @Ctx() context: GraphQLContext): Promise<Collection> {
    return Collection.from(await this.services.educationCollections.create(requireViewer(context), input));
  }

  @Mutation(() => Collection)
  async updateCollection(@Arg('input', () => UpdateCollectionInput) input: UpdateCollectionInput, @Ctx() context: GraphQLContext): Promise<Collection> {
    return Collection.from(await this.services.educationCollections.update(requireViewer(context), input));
  }

  @Mutation(() => Boolean, { description: 'Deletes a collection and its resources (they become Tombstones).' })
  deleteCollection(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationCollections.delete(requireViewer(context), id);
  }

  @Mutation(() => Collection, { description: 'Admins choose the collections discover features.' })
  async featureCollection(@Arg('id', () => ID) id: string, @Arg('featured', () => Boolean) featured: boolean, @Ctx() context: GraphQLContext): Promise<Collection> {
    requireRole(context, 'admin');
    return Collection.from(await this.services.educationCollections.setFeatured(id, featured));
  }

  @FieldResolver(() => ResourceConnection, { description: 'Its resources, newest first.' })
  async resources(@Root() collection: Collection, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationResources.list({ collectionId: collection.id }, args), Resource.from);
  }

  @FieldResolver(() => Community, { nullable: true })
  async community(@Root() collection: Collection, @Ctx() context: GraphQLContext): Promise<Community | null> {
    if (!collection.communityId) return null;
    // One query for every collection on the page (see request-loaders.ts).
    const row = await communityById(context, this.services)(collection.communityId);
    return row ? Community.from(row) : null;
  }
}
