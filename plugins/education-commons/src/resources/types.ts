import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import { findLevel, findLicence, findResourceType, findSubject } from '../vocabularies/index.js';
import { LicenceView, TermView } from '../vocabularies/types.js';
import type { ResourceRow } from '../tables.js';

export enum ResourceKindValue {
  LINK = 'link',
  FILE = 'file',
}
registerEnumType(ResourceKindValue, { name: 'EducationResourceKind', description: 'A link to elsewhere, or a file uploaded here.' });

@ObjectType('EducationResource', { simpleResolvers: true, description: 'An open educational resource: a link or a file with its educational metadata.' })
export class Resource {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'ActivityPub id: a Page (link) or Document (file).' })
  uri!: string;

  @Field(() => ResourceKindValue)
  kind!: ResourceKindValue;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { description: 'The link, or the uploaded file’s URL.' })
  url!: string;

  @Field(() => String, { nullable: true })
  mediaType!: string | null;

  @Field(() => LicenceView, { nullable: true, description: 'Null only for a copy from another server naming a licence we do not know.' })
  licence!: LicenceView | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag.' })
  language!: string | null;

  @Field(() => TermView, { nullable: true, description: 'ISCED 2011 level.' })
  level!: TermView | null;

  @Field(() => TermView, { nullable: true, description: 'ISCED-F 2013 field.' })
  subject!: TermView | null;

  @Field(() => TermView, { nullable: true, description: 'LRMI learning resource type.' })
  type!: TermView | null;

  @Field(() => [String])
  learningOutcomes!: string[];

  @Field(() => String, { nullable: true, description: 'The author to credit, when not the person who posted it.' })
  author!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the resource originally lives.' })
  originalUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'ActivityPub id of the resource this one was derived from (remix lineage).' })
  derivedFromUri!: string | null;

  @Field(() => String, { description: 'ActivityPub id of the person who posted it.' })
  postedByUri!: string;

  @Field(() => String, { nullable: true, description: 'Null for resources of this instance; the origin host for copies from peers.' })
  originHost!: string | null;

  @Field(() => Int)
  likeCount!: number;

  @Field(() => Boolean, { description: 'Deleted resources stay as tombstones: name and url are kept only for their owner’s records.' })
  deleted!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  row!: ResourceRow;

  static from(row: ResourceRow): Resource {
    const licence = findLicence(row.licence);
    const level = row.level ? findLevel(row.level) : undefined;
    const subject = row.subject ? findSubject(row.subject) : undefined;
    const type = row.resource_type ? findResourceType(row.resource_type) : undefined;
    return Object.assign(new Resource(), {
      id: row.id,
      uri: row.uri,
      kind: row.kind as ResourceKindValue,
      name: row.name,
      summary: row.summary,
      url: row.url,
      mediaType: row.media_type,
      licence: licence ? LicenceView.from(licence) : null,
      language: row.language,
      level: level ? TermView.from(level) : null,
      subject: subject ? TermView.from(subject) : null,
      type: type ? TermView.from(type) : null,
      learningOutcomes: row.learning_outcomes,
      author: row.credited_author,
      originalUrl: row.original_url,
      derivedFromUri: row.derived_from_uri,
      postedByUri: row.author_uri,
      originHost: row.origin_host,
      likeCount: row.like_count,
      deleted: row.deleted_at !== null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      row,
    });
  }
}

@ObjectType('EducationResourceConnection')
export class ResourceConnection extends ConnectionType(() => Resource, 'EducationResource') {}

@InputType('EducationCreateResourceInput')
export class CreateResourceInput {
  @Field(() => ID)
  collectionId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'An http(s) link. Required unless uploadId is given.' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'A file uploaded through /education-commons/uploads; makes the resource a Document.' })
  uploadId?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'SPDX licence id (CC-BY-4.0, CC0-1.0...). Defaults to the instance’s defaultLicence.' })
  licence?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag.' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'ISCED 2011 level, 0 to 8.' })
  level?: string | null;

  @Field(() => String, { nullable: true, description: 'ISCED-F 2013 field code, e.g. 0613.' })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'LRMI learning resource type, e.g. lessonPlan.' })
  type?: string | null;

  @Field(() => [String], { nullable: true })
  learningOutcomes?: string[] | null;

  @Field(() => String, { nullable: true })
  author?: string | null;

  @Field(() => String, { nullable: true })
  originalUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'The resource this one derives from (remix lineage).' })
  derivedFromId?: string | null;
}

@InputType('EducationUpdateResourceInput')
export class UpdateResourceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  licence?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  level?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  type?: string | null;

  @Field(() => [String], { nullable: true })
  learningOutcomes?: string[] | null;

  @Field(() => String, { nullable: true })
  author?: string | null;

  @Field(() => String, { nullable: true })
  originalUrl?: string | null;
}

@InputType('EducationCopyResourceInput')
export class CopyResourceInput {
  @Field(() => ID)
  resourceId!: string;

  @Field(() => ID, { description: 'The collection to copy into; the copy records the original in derivedFrom.' })
  collectionId!: string;
}
