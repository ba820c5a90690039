import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { pageSize, type GraphQLContext } from '@commonplace/sdk';
import type { EconomicFlowsServices } from '../services.js';
import { AgentDirectory } from '../services/agents.js';
import * as T from './types.js';

/**
 * Reads the web pages need and the ValueFlows API had no question for: whom the viewer acts for, the
 * organisations of this instance, what an agent holds and what happened to a resource. All are reads:
 * public, as every other read of this plugin, except `myAgents`, which is the viewer's own.
 */
@ObjectType('AgentMembership', { description: 'An agent the viewer acts for, and why: `self` (their own), or their role in an organisation.' })
export class AgentMembership {
  @Field(() => T.Agent) agent!: T.Agent;
  @Field(() => String) role!: string;
}

/** Roles that let a person record for an organisation (see "Who may record what"). */
const ACTING_ROLES = ['owner', 'member'] as const;

@Resolver()
export class FlowsDirectoryResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @Query(() => [AgentMembership], {
    description: 'The agents you may record events for: your own, then the organisations where you are an owner or member. None when not logged in.',
  })
  async myAgents(@Ctx() context: GraphQLContext): Promise<AgentMembership[]> {
    // Someone not logged in acts for nobody: an empty answer lets a public page ask too.
    if (!context.viewer) return [];
    const self = await new AgentDirectory(this.services).forViewer(context.viewer);
    const roles = await this.services.db
      .selectFrom('economic_flows_agent_relationships as r')
      .innerJoin('economic_flows_agents as a', 'a.id', 'r.object_id')
      .selectAll('a')
      .select('r.role')
      .where('r.subject_id', '=', self.id)
      .where('r.role', 'in', ACTING_ROLES)
      .orderBy('a.name')
      .execute();
    const memberships = [Object.assign(new AgentMembership(), { agent: T.Agent.of(self), role: 'self' })];
    const seen = new Set<string>([self.id]);
    // An owner is often a member too: each organisation once, with its strongest role (owner sorts first).
    for (const row of [...roles].sort((a, b) => (a.role === b.role ? 0 : a.role === 'owner' ? -1 : 1))) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      const { role, ...agent } = row;
      memberships.push(Object.assign(new AgentMembership(), { agent: T.Agent.of(agent), role }));
    }
    return memberships;
  }

  @Query(() => [T.Agent], { description: 'This instance’s organisations, newest first (`first` up to the page size limit).' })
  async organizations(@Arg('first', () => Int, { nullable: true }) first: number | null): Promise<T.Agent[]> {
    const rows = await this.services.db
      .selectFrom('economic_flows_agents')
      .selectAll()
      .where('agent_type', '=', 'Organization')
      .where('origin', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize(first, this.services.config.pageLimits))
      .execute();
    return rows.map(T.Agent.of);
  }
}

@Resolver(() => T.Agent)
export class AgentInventoryResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @FieldResolver(() => [T.EconomicResource], { description: 'Resources it is primary accountable for or has in custody, newest first.' })
  async inventory(@Root() agent: T.Agent, @Arg('first', () => Int, { nullable: true }) first: number | null): Promise<T.EconomicResource[]> {
    const rows = await this.services.db
      .selectFrom('economic_flows_resources')
      .selectAll()
      .where((eb) => eb.or([eb('primary_accountable', '=', agent.id), eb('custodian', '=', agent.id)]))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize(first, this.services.config.pageLimits))
      .execute();
    return rows.map(T.EconomicResource.of);
  }
}

@Resolver(() => T.EconomicResource)
export class ResourceEventsResolver {
  constructor(private readonly services: EconomicFlowsServices) {}

  @FieldResolver(() => [T.EconomicEvent], { description: 'Events that took from, added to or changed it (either side), newest first.' })
  async events(@Root() resource: T.EconomicResource, @Arg('first', () => Int, { nullable: true }) first: number | null): Promise<T.EconomicEvent[]> {
    const rows = await this.services.db
      .selectFrom('economic_flows_events')
      .selectAll()
      .where((eb) => eb.or([eb('resource_inventoried_as', '=', resource.id), eb('to_resource_inventoried_as', '=', resource.id)]))
      .orderBy('seq', 'desc')
      .limit(pageSize(first, this.services.config.pageLimits))
      .execute();
    return rows.map(T.EconomicEvent.of);
  }
}

@Resolver(() => T.Process)
export class ProcessOriginResolver {
  @FieldResolver(() => Boolean, { description: 'False for a copy of another instance’s process.' })
  local(@Root() process: T.Process): boolean {
    return process.row.origin === null;
  }
}
