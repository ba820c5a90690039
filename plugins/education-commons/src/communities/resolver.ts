import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, Cost, requireRole, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { CollectionConnection, Collection } from '../collections/types.js';
import { Comment, CommentConnection } from '../social/types.js';
import { mapConnection } from '../shared/connections.js';
import { viewerRoleIn } from '../resources/request-loaders.js';
import {
  Community,
  CommunityConnection,
  CommunityRoleValue,
  CreateCommunityInput,
  DeleteCommunityInput,
  Member,
  MemberConnection,
  UpdateCommunityInput,
} from './types.js';

@Resolver(() => Community)
export class CommunityResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Query(() => Community, { nullable: true, description: 'A community by id; null when there is none.' })
  async community(@Arg('id', () => ID) id: string): Promise<Community | null> {
    const row = await this.services.educationCommunities.find(id);
    return row ? Community.from(row) : null;
  }

  @Query(() => CommunityConnection, { description: 'Communities, newest first.' })
  async communities(@Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommunityConnection> {
    return mapConnection(await this.services.educationCommunities.list(args), Community.from);
  }

  // A Group actor with two key pairs (RSA and Ed25519), like signUp: weighed as core weighs signUp.
  @Cost(1_000)
  @Mutation(() => Community, { description: 'Makes a community (a Group actor) with the viewer as its owner.' })
  async createCommunity(@Arg('input', () => CreateCommunityInput) input: CreateCommunityInput, @Ctx() context: GraphQLContext): Promise<Community> {
    return Community.from(await this.services.educationCommunities.create(requireViewer(context), input));
  }

  @Mutation(() => Community, { description: 'Moderators and the owner edit a community.' })
  async updateCommunity(@Arg('input', () => UpdateCommunityInput) input: UpdateCommunityInput, @Ctx() context: GraphQLContext): Promise<Community> {
    return Community.from(await this.services.educationCommunities.update(requireViewer(context), input));
  }

  @Mutation(() => Boolean, { description: 'The owner deletes a community, deleting or moving its collections and resources, all in one transaction.' })
  deleteCommunity(@Arg('input', () => DeleteCommunityInput) input: DeleteCommunityInput, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationCommunities.delete(requireViewer(context), input);
  }

  @Mutation(() => Community, { description: 'Joins (or asks to join, when the community approves its members).' })
  async joinCommunity(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Community> {
    return Community.from(await this.services.educationCommunities.join(requireViewer(context), id));
  }

  @Mutation(() => Boolean)
  leaveCommunity(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationCommunities.leave(requireViewer(context), id);
  }

  @Mutation(() => Boolean, { description: 'Moderators approve a waiting member.' })
  approveCommunityMember(
    @Arg('communityId', () => ID) communityId: string,
    @Arg('actorId', () => ID) actorId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<boolean> {
    return this.services.educationCommunities.approveMember(requireViewer(context), communityId, actorId);
  }

  @Mutation(() => Boolean, { description: 'Moderators remove a member; only the owner removes a moderator.' })
  removeCommunityMember(
    @Arg('communityId', () => ID) communityId: string,
    @Arg('actorId', () => ID) actorId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<boolean> {
    return this.services.educationCommunities.removeMember(requireViewer(context), communityId, actorId);
  }

  @Mutation(() => Boolean, { description: 'The owner gives a member a role; OWNER hands the community over.' })
  setCommunityRole(
    @Arg('communityId', () => ID) communityId: string,
    @Arg('actorId', () => ID) actorId: string,
    @Arg('role', () => CommunityRoleValue) role: CommunityRoleValue,
    @Ctx() context: GraphQLContext,
  ): Promise<boolean> {
    return this.services.educationCommunities.setRole(requireViewer(context), communityId, actorId, role);
  }

  @Mutation(() => Community, { description: 'Admins choose the communities discover features.' })
  async featureCommunity(@Arg('id', () => ID) id: string, @Arg('featured', () => Boolean) featured: boolean, @Ctx() context: GraphQLContext): Promise<Community> {
    requireRole(context, 'admin');
    return Community.from(await this.services.educationCommunities.setFeatured(id, featured));
  }

  @FieldResolver(() => CollectionConnection)
  async collections(@Root() community: Community, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CollectionConnection> {
    return mapConnection(await this.services.educationCollections.list({ communityId: community.id }, args), Collection.from);
  }

  @FieldResolver(() => MemberConnection, {
    description: 'Members, oldest first; those waiting for approval only for the community’s moderators, and each for themselves.',
  })
  async members(@Root() community: Community, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<MemberConnection> {
    return mapConnection(await this.services.educationCommunities.members(context.viewer, community.id, args), Member.from);
  }

  @FieldResolver(() => CommunityRoleValue, { nullable: true, description: 'The viewer’s role here; null when not an approved member.' })
  async viewerRole(@Root() community: Community, @Ctx() context: GraphQLContext): Promise<CommunityRoleValue | null> {
    // One query for every community on the page (see request-loaders.ts).
    return (await viewerRoleIn(context, this.services)(community.id)) as CommunityRoleValue | null;
  }

  @FieldResolver(() => CommentConnection, { description: 'Discussion on the community itself, oldest first.' })
  async comments(@Root() community: Community, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommentConnection> {
    return mapConnection(await this.services.educationComments.onTarget(community.id, args), Comment.from);
  }
}
