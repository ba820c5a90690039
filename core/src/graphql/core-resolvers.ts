import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { ClassType } from '@commonplace/sdk/internal';
import type { AccountsModule } from '../accounts/index.js';
import type { CoreServices } from '../container/core-cradle.js';
import { adminResolvers } from './admin-resolvers.js';

@ObjectType('InstancePlugin')
class InstancePlugin {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  version!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType('InstanceInfo', { description: 'What this instance is and what it runs.' })
class InstanceInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'Base URL of the instance.' })
  url!: string;

  @Field(() => String, { description: 'open, invite-only or closed.' })
  signUp!: string;

  @Field(() => [InstancePlugin])
  plugins!: InstancePlugin[];
}

/** Facts the instance tells about itself, set at boot. */
export interface InstanceFacts {
  name: string;
  description: string;
  plugins: Array<{ id: string; version: string; description: string | null }>;
}


declare module '../container/core-cradle.js' {
  interface CoreServices {
    instanceFacts: InstanceFacts;
  }
}

@Resolver()
class InstanceInfoResolver {
  constructor(private readonly services: CoreServices) {}

  @Query(() => InstanceInfo)
  instance(): InstanceInfo {
    const { config, instanceFacts } = this.services;
    return {
      name: instanceFacts.name,
      description: instanceFacts.description,
      url: config.publicUrl,
      signUp: config.instance.signUp,
      plugins: instanceFacts.plugins,
    };
  }
}

/** Core's own GraphQL: the instance query, accounts and actors, and federation (follows, moderation). */
export function coreGraphQL(accounts: AccountsModule, federationResolvers: readonly ClassType[]): { resolvers: ClassType[]; orphanedTypes: ClassType[] } {
  return {
    resolvers: [InstanceInfoResolver, ...accounts.resolvers, ...federationResolvers, ...adminResolvers],
    orphanedTypes: accounts.orphanedTypes ?? [],
  };
}
