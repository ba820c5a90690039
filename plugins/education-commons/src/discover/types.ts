import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '@commonplace/sdk';
import type { SubjectFollowRow } from '../tables.js';
import type { Marker } from './discover-service.js';
import { findSubject } from '../vocabularies/index.js';

@ObjectType('EducationDiscover', {
  description: 'Where to start: featured communities and collections (chosen by admins), newest and most-liked resources, active communities. Each list is a connection.',
})
export class Discover {
  @Field(() => Date, { description: 'When this answer was made.' })
  at!: Date;

  /** Reads the change marker once for all the lists of this answer (not a GraphQL field). */
  changes!: Marker;
}

@ObjectType('EducationFollowedSubject', { description: 'An ISCED-F field the viewer follows: its new resources come into their feed.' })
export class FollowedSubject {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  since!: Date;

  static from(row: SubjectFollowRow): FollowedSubject {
    return Object.assign(new FollowedSubject(), { code: row.subject, name: findSubject(row.subject)?.name ?? row.subject, since: row.created_at });
  }
}

@ObjectType('EducationFollowedSubjectConnection')
export class FollowedSubjectConnection extends ConnectionType(() => FollowedSubject, 'EducationFollowedSubject') {}
