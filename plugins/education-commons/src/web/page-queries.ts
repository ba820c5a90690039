import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ConnectionArgs, ForbiddenError, type GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { Collection } from '../collections/types.js';
import { Community, Member } from '../communities/types.js';
import { holdsCommunityRole } from '../communities/roles.js';
import { Resource, ResourceConnection } from '../resources/types.js';
import { mapConnection } from '../shared/connections.js';
import { FlagConnection, Flag, TargetKindValue } from '../social/types.js';
import { findSubject, SUBJECTS } from '../vocabularies/index.js';

/**
 * What the web pages read that the API did not have yet: communities and collections by their
 * handle (readable URLs), how many members a community has, where the viewer stands with it, the
 * moderators' queue of people waiting, members' names, and a subject's resources. Each rule of who
 * sees what is the services' own (members, roles), so the API and the pages agree.
 */
@ObjectType('EducationSubject', { description: 'An ISCED-F 2013 field of education.' })
export class SubjectView {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The broader field’s code; null for a broad field.' })
  parent!: string | null;

  static from(subject: { code: string; name: string; parent: string | null }): SubjectView {
    return Object.assign(new SubjectView(), { code: subject.code, name: subject.name, parent: subject.parent });
  }
}

@ObjectType('EducationMemberActor', { description: 'Who a member is, for showing them.' })
export class MemberActor {
  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true, description: 'Null for a member of this instance.' })
  domain!: string | null;

  @Field(() => String, { nullable: true })
  displayName!: string | null;
}

@Resolver()
export class PageQueriesResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @Query(() => Community, { nullable: true, description: 'A community by its Group actor’s username (its readable URL); null when there is none.' })
  async educationCommunityByUsername(@Arg('username', () => String) username: string): Promise<Community | null> {
    const row = await this.services.db.selectFrom('education_commons_communities').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? Community.from(row) : null;
  }

  @Query(() => Collection, { nullable: true, description: 'A collection by its Group actor’s username; null when there is none.' })
  async educationCollectionByUsername(@Arg('username', () => String) username: string): Promise<Collection | null> {
    const row = await this.services.db.selectFrom('education_commons_collections').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? Collection.from(row) : null;
  }

  @Query(() => [SubjectView], { description: 'The broad ISCED-F 2013 fields, for browsing by subject.' })
  educationBroadSubjects(): SubjectView[] {
    return SUBJECTS.filter((subject) => subject.depth === 'broad').map(SubjectView.from);
  }

  @Query(() => SubjectView, { nullable: true, description: 'An ISCED-F 2013 field by code; null when the code names none.' })
  educationSubject(@Arg('code', () => String) code: string): SubjectView | null {
    const subject = findSubject(code);
    return subject ? SubjectView.from(subject) : null;
  }

  @Query(() => [SubjectView], { description: 'The fields directly under one (narrow under broad, detailed under narrow).' })
  educationSubfields(@Arg('code', () => String) code: string): SubjectView[] {
    return SUBJECTS.filter((subject) => subject.parent === code).map(SubjectView.from);
  }

  @Query(() => ResourceConnection, { description: 'Resources filed under a field or any narrower one, newest first.' })
  async educationSubjectResources(@Arg('code', () => String) code: string, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    if (!findSubject(code)) throw new BadUserInputError('No ISCED-F 2013 field has that code.', 'code');
    const query = this.services.db
      .selectFrom('education_commons_resources')
      .selectAll()
      .where('deleted_at', 'is', null)
      // Codes nest by prefix (06 > 061 > 0613): a broad field holds every narrower one.
      .where('subject', 'like', `${code}%`);
    return mapConnection(await this.services.educationResources.newestFirst(query, args), Resource.from);
  }
}

@Resolver(() => Community)
export class CommunityPageFieldsResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @FieldResolver(() => Int, { description: 'How many approved members it has.' })
  async memberCount(@Root() community: Community): Promise<number> {
    const row = await this.services.db
      .selectFrom('education_commons_members')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('community_id', '=', community.id)
      .where('state', '=', 'accepted')
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  @FieldResolver(() => Boolean, { description: 'The viewer asked to join and waits for a moderator.' })
  async viewerAwaitsApproval(@Root() community: Community, @Ctx() context: GraphQLContext): Promise<boolean> {
    if (!context.viewer) return false;
    const row = await this.services.db
      .selectFrom('education_commons_members')
      .select('state')
      .where('community_id', '=', community.id)
      .where('actor_id', '=', context.viewer.actorId)
      .executeTakeFirst();
    return row?.state === 'pending';
  }

  @FieldResolver(() => Boolean, { description: 'The viewer follows it (or asked to).' })
  viewerFollows(@Root() community: Community, @Ctx() context: GraphQLContext): Promise<boolean> {
    return followsActor(this.services, context, community.row.actor_id);
  }

  @FieldResolver(() => Boolean, { description: 'The viewer may moderate it (its moderators and owner, and the instance’s moderators).' })
  async viewerModerates(@Root() community: Community, @Ctx() context: GraphQLContext): Promise<boolean> {
    return context.viewer ? holdsCommunityRole(this.services.db, context.viewer, community.id, 'moderator') : false;
  }

  @FieldResolver(() => ResourceConnection, { description: 'Its resources, in all its collections, newest first.' })
  async resources(@Root() community: Community, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<ResourceConnection> {
    return mapConnection(await this.services.educationResources.list({ communityId: community.id }, args), Resource.from);
  }

  @FieldResolver(() => FlagConnection, { description: 'Open reports about it and what it holds: for its moderators (FORBIDDEN for others).' })
  async openFlags(@Root() community: Community, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FlagConnection> {
    if (!context.viewer) throw new ForbiddenError('Only the community’s moderators see its reports.');
    return mapConnection(await this.services.educationFlags.ofCommunity(context.viewer, community.id, args), Flag.from);
  }

  @FieldResolver(() => [Member], { description: 'People waiting for approval, oldest first: for the community’s moderators only (FORBIDDEN for others).' })
  async waitingMembers(@Root() community: Community, @Ctx() context: GraphQLContext, @Arg('first', () => Int, { nullable: true }) first?: number | null): Promise<Member[]> {
    const viewer = context.viewer;
    if (!viewer || !(await holdsCommunityRole(this.services.db, viewer, community.id, 'moderator'))) {
      throw new ForbiddenError('Only the community’s moderators see who waits to join.');
    }
    const { maxPageSize, defaultPageSize } = this.services.config.pageLimits;
    const limit = Math.min(first ?? defaultPageSize, maxPageSize);
    const rows = await this.services.db
      .selectFrom('education_commons_members')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('state', '=', 'pending')
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(Member.from);
  }
}

@Resolver(() => SubjectView)
export class SubjectFieldsResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @FieldResolver(() => Boolean, { description: 'The viewer follows this field (its new resources come into their feed).' })
  async viewerFollows(@Root() subject: SubjectView, @Ctx() context: GraphQLContext): Promise<boolean> {
    if (!context.viewer) return false;
    const row = await this.services.db
      .selectFrom('education_commons_subject_follows')
      .select('subject')
      .where('actor_id', '=', context.viewer.actorId)
      .where('subject', '=', subject.code)
      .executeTakeFirst();
    return row !== undefined;
  }
}

@Resolver(() => Collection)
export class CollectionPageFieldsResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @FieldResolver(() => Boolean, { description: 'The viewer follows it (or asked to).' })
  viewerFollows(@Root() collection: Collection, @Ctx() context: GraphQLContext): Promise<boolean> {
    return followsActor(this.services, context, collection.row.actor_id);
  }
}

@Resolver(() => Member)
export class MemberActorResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @FieldResolver(() => MemberActor, { nullable: true, description: 'Who the member is; null if their actor is gone.' })
  async actor(@Root() member: Member): Promise<MemberActor | null> {
    const actor = await this.services.actors.byId(member.actorId);
    return actor ? Object.assign(new MemberActor(), { username: actor.username, domain: actor.domain, displayName: actor.displayName }) : null;
  }
}

@Resolver(() => Flag)
export class FlagTargetResolver {
  constructor(private readonly services: EducationCommonsServices) {}

  @FieldResolver(() => String, {
    nullable: true,
    description: 'What was reported, in words, for the moderators deciding: a comment’s text, or the name of the resource, collection or community; null once it is gone.',
  })
  async targetText(@Root() flag: Flag): Promise<string | null> {
    const { db } = this.services;
    switch (flag.targetKind) {
      case TargetKindValue.COMMENT: {
        const row = await db.selectFrom('education_commons_comments').select(['content', 'deleted_at']).where('id', '=', flag.targetId).executeTakeFirst();
        return row && !row.deleted_at ? row.content : null;
      }
      case TargetKindValue.RESOURCE: {
        const row = await db.selectFrom('education_commons_resources').select(['name', 'deleted_at']).where('id', '=', flag.targetId).executeTakeFirst();
        return row && !row.deleted_at ? row.name : null;
      }
      case TargetKindValue.COLLECTION:
        return (await db.selectFrom('education_commons_collections').select('name').where('id', '=', flag.targetId).executeTakeFirst())?.name ?? null;
      case TargetKindValue.COMMUNITY:
        return (await db.selectFrom('education_commons_communities').select('name').where('id', '=', flag.targetId).executeTakeFirst())?.name ?? null;
    }
  }
}

async function followsActor(services: EducationCommonsServices, context: GraphQLContext, actorId: string): Promise<boolean> {
  if (!context.viewer) return false;
  return (await services.federation.follows.state(context.viewer.actorId, actorId)) !== null;
}

export const pageQueryResolvers = [PageQueriesResolver, SubjectFieldsResolver, CommunityPageFieldsResolver, CollectionPageFieldsResolver, MemberActorResolver, FlagTargetResolver];
