import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import type { CommentRow, FlagRow } from '../tables.js';

export enum TargetKindValue {
  COMMUNITY = 'community',
  COLLECTION = 'collection',
  RESOURCE = 'resource',
  COMMENT = 'comment',
}
registerEnumType(TargetKindValue, { name: 'EducationTargetKind' });

@ObjectType('EducationComment', { simpleResolvers: true, description: 'A comment on a community, collection or resource; replies nest. Federates as a Note.' })
export class Comment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  uri!: string;

  @Field(() => TargetKindValue)
  targetKind!: TargetKindValue;

  @Field(() => ID)
  targetId!: string;

  @Field(() => ID, { nullable: true })
  inReplyToId!: string | null;

  @Field(() => String, { description: 'Plain text; empty once deleted.' })
  content!: string;

  @Field(() => String, { description: 'ActivityPub id of its author.' })
  authorUri!: string;

  @Field(() => Int)
  likeCount!: number;

  @Field(() => Boolean)
  deleted!: boolean;

  @Field(() => String, { nullable: true })
  originHost!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  row!: CommentRow;

  static from(row: CommentRow): Comment {
    return Object.assign(new Comment(), {
      id: row.id,
      uri: row.uri,
      targetKind: row.target_kind as TargetKindValue,
      targetId: row.target_id,
      inReplyToId: row.in_reply_to_id,
      content: row.deleted_at ? '' : row.content,
      authorUri: row.author_uri,
      likeCount: row.like_count,
      deleted: row.deleted_at !== null,
      originHost: row.origin_host,
      createdAt: row.created_at,
      row,
    });
  }
}

@ObjectType('EducationCommentConnection')
export class CommentConnection extends ConnectionType(() => Comment, 'EducationComment') {}

@ObjectType('EducationLikeResult')
export class LikeResult {
  @Field(() => ID)
  targetId!: string;

  @Field(() => Boolean, { description: 'Whether the viewer likes it now.' })
  liked!: boolean;

  @Field(() => Int)
  likeCount!: number;
}

@ObjectType('EducationFlag', { simpleResolvers: true, description: 'A report to the community’s moderators and the instance’s.' })
export class Flag {
  @Field(() => ID)
  id!: string;

  @Field(() => TargetKindValue)
  targetKind!: TargetKindValue;

  @Field(() => ID)
  targetId!: string;

  @Field(() => ID, { nullable: true })
  communityId!: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true, description: 'For a report another server forwarded: the actor that sent it (usually that server itself).' })
  reporterUri!: string | null;

  @Field(() => Boolean)
  resolved!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  static from(row: FlagRow): Flag {
    return Object.assign(new Flag(), {
      id: row.id,
      targetKind: row.target_kind as TargetKindValue,
      targetId: row.target_id,
      communityId: row.community_id,
      reason: row.reason,
      reporterUri: row.reporter_uri,
      resolved: row.resolved_at !== null,
      createdAt: row.created_at,
    });
  }
}

@ObjectType('EducationFlagConnection')
export class FlagConnection extends ConnectionType(() => Flag, 'EducationFlag') {}

@InputType('EducationCommentInput')
export class CommentInput {
  @Field(() => ID, { description: 'A community, collection, resource, or a comment (to reply to it).' })
  targetId!: string;

  @Field(() => String)
  content!: string;

  @Field(() => ID, { nullable: true, description: 'The comment this one answers, in the same thread.' })
  inReplyToId?: string | null;
}

@InputType('EducationFlagInput')
export class FlagInput {
  @Field(() => ID)
  targetId!: string;

  @Field(() => String)
  reason!: string;
}
