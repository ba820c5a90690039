import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import type { CollectionRow } from '../tables.js';

@ObjectType('EducationCollection', { simpleResolvers: true, description: 'A curated set of resources, in a community or kept by a person; followable as a Group actor.' })
export class Collection {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String)
  username!: string;

  @Field(() => String, { description: 'The Group actor’s ActivityPub id.' })
  uri!: string;

  @Field(() => ID, { nullable: true })
  communityId!: string | null;

  @Field(() => ID, { description: 'Actor id of the person who made it.' })
  ownerActorId!: string;

  @Field(() => Boolean)
  featured!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  row!: CollectionRow;

  static from(row: CollectionRow): Collection {
    return Object.assign(new Collection(), {
      id: row.id,
      name: row.name,
      summary: row.summary,
      username: row.username,
      uri: row.actor_uri,
      communityId: row.community_id,
      ownerActorId: row.owner_actor_id,
      featured: row.featured,
      createdAt: row.created_at,
      row,
    });
  }
}

@ObjectType('EducationCollectionConnection')
export class CollectionConnection extends ConnectionType(() => Collection, 'EducationCollection') {}

@InputType('EducationCreateCollectionInput')
export class CreateCollectionInput {
  @Field(() => ID, { nullable: true, description: 'The community to put it in; none makes a personal collection.' })
  communityId?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;
}

@InputType('EducationUpdateCollectionInput')
export class UpdateCollectionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;
}
