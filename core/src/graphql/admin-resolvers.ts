import { Arg, Ctx, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ConflictError, NotFoundError, requireRole, type GraphQLContext } from '@commonplace/sdk/internal';
import { RoleValue } from '../accounts/graphql/types.js';
import { checkReadiness, type ReadinessChecks } from '../http/health-routes.js';
import type { CoreServices } from '../container/core-cradle.js';

declare module '../container/core-cradle.js' {
  interface CoreServices {
    /** The checks /readyz runs (registered at boot beside the route). */
    readinessChecks?: ReadinessChecks;
  }
}

@ObjectType('AdminOverview', { description: 'What an admin sees first: whether /readyz would pass, and how the instance is set up.' })
class AdminOverview {
  @Field(() => Boolean, { description: 'What /readyz would answer: the database and the job queue answer.' })
  ready!: boolean;

  @Field(() => Boolean)
  database!: boolean;

  @Field(() => Boolean)
  jobs!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether search answers (reported, never failing readiness); null without a check.' })
  search!: boolean | null;

  @Field(() => Int, { description: 'Live local accounts.' })
  accounts!: number;

  @Field(() => String, { description: 'open, invite-only or closed (instance.signUp).' })
  signUp!: string;

  @Field(() => String, { description: 'blocklist or allowlist (federation.mode): with allowlist, only allowed domains federate.' })
  federationMode!: string;
}

@ObjectType('AdminAccount', { description: 'A local account as admins list it.' })
class AdminAccount {
  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => RoleValue)
  role!: RoleValue;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('DeadLetter', { description: 'A job that failed its last attempt, kept to be read or retried.' })
class DeadLetter {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int)
  maxAttempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime)
  runAt!: Date;
}

/** Admins' view of the instance's health, accounts and job queue: every field and mutation is admin-only. */
@Resolver()
class AdminResolver {
  constructor(private readonly services: CoreServices) {}

  @Query(() => AdminOverview, { description: 'Admins only.' })
  async adminOverview(@Ctx() context: GraphQLContext): Promise<AdminOverview> {
    requireRole(context, 'admin');
    const { config, accounts, readinessChecks } = this.services;
    const readiness = readinessChecks
      ? await checkReadiness(readinessChecks)
      : { ready: true, database: true, jobs: true, search: undefined };
    return {
      ready: readiness.ready,
      database: readiness.database,
      jobs: readiness.jobs,
      search: readiness.search ?? null,
      accounts: await accounts.countAccounts(),
      signUp: config.instance.signUp,
      federationMode: config.instance.federation.mode,
    };
  }

  @Query(() => [AdminAccount], { description: 'Admins only. Live local accounts by username, from after `after` (a username).' })
  async adminAccounts(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<AdminAccount[]> {
    requireRole(context, 'admin');
    const { maxPageSize, defaultPageSize } = this.services.config.instance.graphql;
    const limit = Math.min(Math.max(first ?? defaultPageSize, 1), maxPageSize);
    let query = this.services.db
      .selectFrom('core_accounts as a')
      .innerJoin('core_actors as p', (join) => join.onRef('p.account_id', '=', 'a.id').on('p.type', '=', 'Person'))
      .select(['p.username', 'p.display_name', 'a.role', 'a.created_at'])
      .where('a.deleted_at', 'is', null)
      .orderBy('p.username')
      .limit(limit);
    if (after) query = query.where('p.username', '>', after);
    const rows = (await query.execute()) as Array<{ username: string; display_name: string | null; role: RoleValue; created_at: Date }>;
    return rows.map((row) => ({ username: row.username, displayName: row.display_name, role: row.role, createdAt: new Date(row.created_at) }));
  }

  @Query(() => [DeadLetter], { description: 'Admins only. Jobs that exhausted their attempts, newest first.' })
  async deadLetters(@Arg('first', () => Int, { nullable: true }) first: number | null, @Ctx() context: GraphQLContext): Promise<DeadLetter[]> {
    requireRole(context, 'admin');
    const { maxPageSize, defaultPageSize } = this.services.config.instance.graphql;
    const jobs = await this.services.jobs.deadLetters(Math.min(Math.max(first ?? defaultPageSize, 1), maxPageSize));
    return jobs.map((job) => ({ id: job.id, name: job.name, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError, runAt: job.runAt }));
  }

  @Mutation(() => Boolean, { description: 'Admins only. Puts a dead job back in the queue with fresh attempts.' })
  async retryDeadLetter(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    requireRole(context, 'admin');
    try {
      await this.services.jobs.retryDead(id);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (message.startsWith('No dead job')) throw new NotFoundError('There is no dead job with this id: it may have been retried already.');
      if (message.includes('dedupe key')) throw new ConflictError('The same job is already waiting in the queue.');
      throw error;
    }
  }
}

export const adminResolvers = [AdminResolver];
