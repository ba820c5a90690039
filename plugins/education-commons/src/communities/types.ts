import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import type { CommunityRow, MemberRow } from '../tables.js';

export enum CommunityRoleValue {
  OWNER = 'owner',
  MODERATOR = 'moderator',
  MEMBER = 'member',
}
registerEnumType(CommunityRoleValue, { name: 'EducationCommunityRole', description: 'owner > moderator > member.' });

export enum CommunityContentsChoice {
  DELETE = 'delete',
  MOVE = 'move',
}
registerEnumType(CommunityContentsChoice, {
  name: 'EducationCommunityContentsChoice',
  description: 'What happens to a deleted community’s collections and resources: deleted with it, or moved to another community.',
});

@ObjectType('EducationCommunity', { simpleResolvers: true, description: 'A community: a Group actor that people join or follow, holding collections of resources.' })
export class Community {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag.' })
  language!: string | null;

  @Field(() => String, { nullable: true })
  iconUrl!: string | null;

  @Field(() => String, { description: 'The Group actor’s handle (without the host).' })
  username!: string;

  @Field(() => String, { description: 'The Group actor’s ActivityPub id: follow it from any fediverse server.' })
  uri!: string;

  @Field(() => Boolean, { description: 'New members wait for a moderator’s approval.' })
  requiresApproval!: boolean;

  @Field(() => Boolean, { description: 'Chosen by the instance’s admins for discover.' })
  featured!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  /** The row, for field resolvers. */
  row!: CommunityRow;

  static from(row: CommunityRow): Community {
    return Object.assign(new Community(), {
      id: row.id,
      name: row.name,
      summary: row.summary,
      language: row.language,
      iconUrl: row.icon_url,
      username: row.username,
      uri: row.actor_uri,
      requiresApproval: row.requires_approval,
      featured: row.featured,
      createdAt: row.created_at,
      row,
    });
  }
}

@ObjectType('EducationCommunityConnection')
export class CommunityConnection extends ConnectionType(() => Community, 'EducationCommunity') {}

@ObjectType('EducationMember', { simpleResolvers: true })
export class Member {
  @Field(() => ID, { description: 'The member’s actor id.' })
  actorId!: string;

  @Field(() => CommunityRoleValue)
  role!: CommunityRoleValue;

  @Field(() => Boolean, { description: 'False while the membership waits for approval.' })
  approved!: boolean;

  @Field(() => Date)
  since!: Date;

  static from(row: MemberRow): Member {
    return Object.assign(new Member(), { actorId: row.actor_id, role: row.role as CommunityRoleValue, approved: row.state === 'accepted', since: row.created_at });
  }
}

@ObjectType('EducationMemberConnection')
export class MemberConnection extends ConnectionType(() => Member, 'EducationMember') {}

@InputType('EducationCreateCommunityInput')
export class CreateCommunityInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag (en, fr, pt-BR...).' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of the icon.' })
  iconUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Hold new members and followers until a moderator approves them.' })
  requiresApproval?: boolean | null;
}

@InputType('EducationUpdateCommunityInput')
export class UpdateCommunityInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  iconUrl?: string | null;

  @Field(() => Boolean, { nullable: true })
  requiresApproval?: boolean | null;
}

@InputType('EducationDeleteCommunityInput')
export class DeleteCommunityInput {
  @Field(() => ID)
  id!: string;

  @Field(() => CommunityContentsChoice, { description: 'Delete the collections and resources, or move them.' })
  contents!: CommunityContentsChoice;

  @Field(() => ID, { nullable: true, description: 'Where to move them (with contents: MOVE).' })
  moveToCommunityId?: string | null;
}
