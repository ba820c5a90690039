import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ConnectionArgs, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { Collection, CollectionConnection } from '../collections/types.js';
import { Community, CommunityConnection } from '../communities/types.js';
import { Resource, ResourceConnection } from '../resources/types.js';
import { mapConnection } from '../shared/connections.js';
import { TermView } from '../vocabularies/types.js';
import { checkSubject } from '../vocabularies/index.js';
import { Discover, FollowedSubject, FollowedSubjectConnection } from './types.js';

@Resolver(() => Discover)
export class DiscoverResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Query(() => Discover, { description: 'Featured, newest, most liked and active: each field is a connection.' })
  discover(): Discover {
    return Object.assign(new Discover(), { at: this.services.clock.now(), changes: this.services.educationDiscover.changeMarker() });
  }

  @FieldResolver(() => CommunityConnection)
  async featuredCommunities(@Root() discover: Discover, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommunityConnection> {
    return mapConnection(await this.services.educationDiscover.featuredCommunities(args, discover.changes), Community.from);
  }

  @FieldResolver(() => CollectionConnection)
  async featuredCollections(@Root() discover: Discover, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CollectionConnection> {
    return mapConnection(await this.services.educationDiscover.featuredCollections(args, discover.changes), Collection.from);
  }

  @FieldResolver(() => ResourceConnection)
  async newestResources(@Root() discover: Discover, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationDiscover.newestResources(args, discover.changes), Resource.from);
  }

  @FieldResolver(() => ResourceConnection)
  async mostLikedResources(@Root() discover: Discover, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationDiscover.mostLikedResources(args, discover.changes), Resource.from);
  }

  @FieldResolver(() => CommunityConnection, { description: 'Communities with the most recent resources and comments.' })
  async activeCommunities(@Root() discover: Discover, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommunityConnection> {
    return mapConnection(await this.services.educationDiscover.activeCommunities(args, discover.changes), Community.from);
  }

  @Query(() => ResourceConnection, {
    description: 'New resources, newest first: of a community, of a collection, or (with neither) the viewer’s feed from their communities, the remote communities they follow and their followed subjects.',
  })
  async feed(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
    @Arg('communityId', () => ID, { nullable: true }) communityId?: string | null,
    @Arg('collectionId', () => ID, { nullable: true }) collectionId?: string | null,
  ): Promise<ResourceConnection> {
    const discover = this.services.educationDiscover;
    if (communityId && collectionId) throw new BadUserInputError('Give communityId or collectionId, not both.', 'collectionId');
    const page = communityId
      ? await discover.communityFeed(communityId, args)
      : collectionId
        ? await discover.collectionFeed(collectionId, args)
        : await discover.viewerFeed(requireViewer(context), args);
    return mapConnection(page, Resource.from);
  }

  @Mutation(() => TermView, { description: 'Follows an ISCED-F subject: its new public resources, from here and from peers, come into the viewer’s feed.' })
  async followSubject(@Arg('code', () => String) code: string, @Ctx() context: GraphQLContext): Promise<TermView> {
    const followed = await this.services.educationDiscover.followSubject(requireViewer(context), code);
    return TermView.from(checkSubject(followed));
  }

  @Mutation(() => Boolean)
  unfollowSubject(@Arg('code', () => String) code: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationDiscover.unfollowSubject(requireViewer(context), code);
  }

  @Query(() => FollowedSubjectConnection)
  async followedSubjects(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FollowedSubjectConnection> {
    return mapConnection(await this.services.educationDiscover.followedSubjects(requireViewer(context), args), FollowedSubject.from);
  }
}
