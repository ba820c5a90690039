import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Actor, Node, type ActorRecord } from '@commonplace/sdk/internal';
import type { AccountView } from '../account-view.js';

/** GraphQL names on the left; the values are the sdk's Role strings, so no mapping is needed. */
export enum RoleValue {
  ADMIN = 'admin',
  MODERATOR = 'moderator',
  MEMBER = 'member',
}
registerEnumType(RoleValue, {
  name: 'Role',
  description: 'Ranked: an admin may do what a moderator may, a moderator what a member may.',
});

@ObjectType('Person', { implements: [Actor, Node], description: 'A person with an account (local) or elsewhere (remote).' })
export class Person extends Actor {
  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(record: ActorRecord): Person {
    // An instance of the class, so interface fields (Actor, Node) resolve to this type.
    return Object.assign(new Person(), {
      id: record.id,
      actorType: record.type,
      username: record.username,
      domain: record.domain,
      displayName: record.displayName,
      summary: record.summary,
      avatarUrl: record.avatarUrl,
      uri: record.uri,
      createdAt: record.createdAt,
    });
  }
}

@ObjectType('Me', { description: 'The logged-in account and its Person.' })
export class Me {
  @Field(() => ID, { description: 'The id of the Person.' })
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;

  @Field(() => String)
  email!: string;

  @Field(() => [RoleValue])
  roles!: RoleValue[];

  @Field(() => Person)
  actor!: Person;

  static from(view: AccountView): Me {
    return Object.assign(new Me(), {
      id: view.actor.id,
      username: view.actor.username,
      displayName: view.actor.displayName,
      summary: view.actor.summary,
      avatarUrl: view.actor.avatarUrl,
      email: view.email,
      roles: [view.role as RoleValue],
      actor: Person.from(view.actor),
    });
  }
}

@InputType('SignUpInput')
export class SignUpInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String, { nullable: true, description: 'Needed when sign-up is invite-only.' })
  inviteCode?: string | null;
}

@ObjectType('SignUpPayload')
export class SignUpPayload {
  @Field(() => String, { description: 'Bearer token for the Authorization header; shown once.' })
  token!: string;

  @Field(() => Person)
  actor!: Person;
}

@InputType('LogInInput')
export class LogInInput {
  @Field(() => String, { description: 'Username or email address.' })
  login!: string;

  @Field(() => String)
  password!: string;
}

@ObjectType('LogInPayload')
export class LogInPayload {
  @Field(() => String, { description: 'Bearer token for the Authorization header; shown once.' })
  token!: string;

  @Field(() => Person)
  actor!: Person;
}

@InputType('UpdateProfileInput', { description: 'Fields left out stay as they are; null clears one.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'An http or https URL.' })
  avatarUrl?: string | null;
}

@InputType('DeleteAccountInput')
export class DeleteAccountInput {
  @Field(() => String, { description: 'The current password, to confirm.' })
  password!: string;
}

@InputType('CreateInviteInput')
export class CreateInviteInput {
  @Field(() => Int, { nullable: true, description: 'Sign-ups the code allows; 1 when left out.' })
  maxUses?: number | null;

  @Field(() => Float, { nullable: true, description: 'Days until the code expires; the instance default when left out.' })
  expiresInDays?: number | null;
}

@ObjectType('Invite')
export class Invite {
  @Field(() => String, { description: 'Shown once: only a digest of it is kept.' })
  code!: string;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;

  @Field(() => Int)
  maxUses!: number;
}

@InputType('SetRoleInput')
export class SetRoleInput {
  @Field(() => String)
  username!: string;

  @Field(() => RoleValue)
  role!: RoleValue;
}

@ObjectType('SetRolePayload')
export class SetRolePayload {
  @Field(() => Person)
  actor!: Person;

  @Field(() => RoleValue)
  role!: RoleValue;
}
