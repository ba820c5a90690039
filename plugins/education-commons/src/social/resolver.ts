import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, requireViewer, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { Resource, ResourceConnection } from '../resources/types.js';
import { mapConnection } from '../shared/connections.js';
import { Comment, CommentConnection, CommentInput, Flag, FlagConnection, FlagInput, LikeResult } from './types.js';

@Resolver(() => Comment)
export class SocialResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Mutation(() => LikeResult, { description: 'Likes a resource or comment (once); the Like federates to its community.' })
  like(@Arg('targetId', () => ID) targetId: string, @Ctx() context: GraphQLContext): Promise<LikeResult> {
    return this.services.educationLikes.like(requireViewer(context), targetId);
  }

  @Mutation(() => LikeResult, { description: 'Takes a like back (an Undo federates).' })
  unlike(@Arg('targetId', () => ID) targetId: string, @Ctx() context: GraphQLContext): Promise<LikeResult> {
    return this.services.educationLikes.unlike(requireViewer(context), targetId);
  }

  @Mutation(() => Boolean, { description: 'Keeps a resource in the viewer’s private bookmarks.' })
  bookmark(@Arg('targetId', () => ID) targetId: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationBookmarks.bookmark(requireViewer(context), targetId);
  }

  @Mutation(() => Boolean)
  unbookmark(@Arg('targetId', () => ID) targetId: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.services.educationBookmarks.unbookmark(requireViewer(context), targetId);
  }

  @Query(() => ResourceConnection, { description: 'The viewer’s bookmarked resources, most recent first.' })
  async bookmarks(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationBookmarks.list(requireViewer(context), args), Resource.from);
  }

  @Mutation(() => Comment, { description: 'Comments on a community, collection or resource, or replies (inReplyToId) in its thread. Federates as a Note.' })
  async comment(@Arg('input', () => CommentInput) input: CommentInput, @Ctx() context: GraphQLContext): Promise<Comment> {
    return Comment.from(await this.services.educationComments.comment(requireViewer(context), input));
  }

  @Mutation(() => Comment)
  async editComment(@Arg('id', () => ID) id: string, @Arg('content', () => String) content: string, @Ctx() context: GraphQLContext): Promise<Comment> {
    return Comment.from(await this.services.educationComments.edit(requireViewer(context), id, content));
  }

  @Mutation(() => Comment, { description: 'Its author, or a moderator of the community, deletes a comment; its replies stay.' })
  async deleteComment(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Comment> {
    return Comment.from(await this.services.educationComments.delete(requireViewer(context), id));
  }

  @Mutation(() => Flag, { description: 'Reports anything to the moderators of its community and of the instance.' })
  async flag(@Arg('input', () => FlagInput) input: FlagInput, @Ctx() context: GraphQLContext): Promise<Flag> {
    return Flag.from(await this.services.educationFlags.flag(requireViewer(context), input.targetId, input.reason));
  }

  @Query(() => FlagConnection, { description: 'Open reports in a community: for its moderators (FORBIDDEN for members).' })
  async communityFlags(
    @Arg('communityId', () => ID) communityId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<FlagConnection> {
    return mapConnection(await this.services.educationFlags.ofCommunity(requireViewer(context), communityId, args), Flag.from);
  }

  @Query(() => FlagConnection, { description: 'Every open report: for the instance’s moderators.' })
  async flags(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FlagConnection> {
    return mapConnection(await this.services.educationFlags.all(context, args), Flag.from);
  }

  @Mutation(() => Flag, { description: 'A moderator closes a report.' })
  async resolveFlag(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Flag> {
    return Flag.from(await this.services.educationFlags.resolve(requireViewer(context), id));
  }

  @FieldResolver(() => CommentConnection, { description: 'Replies, oldest first.' })
  async replies(@Root() comment: Comment, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CommentConnection> {
    return mapConnection(await this.services.educationComments.replies(comment.id, args), Comment.from);
  }
}
