import { Field, ID, InterfaceType } from 'type-graphql';

/** Anything with a global id (Relay's Node). */
@InterfaceType('Node')
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

/** A person, group, organisation or service that can act and be followed. */
@InterfaceType('Actor', { implements: Node })
export abstract class Actor extends Node {
  @Field(() => String, { description: 'Person, Group, Organization, Service or Application.' })
  actorType!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true, description: 'null for local actors.' })
  domain!: string | null;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;

  @Field(() => String, { description: 'ActivityPub id of the actor.' })
  uri!: string;
}
