import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import {
  ConnectionArgs,
  ServiceUnavailableError,
  requireRole,
  requireViewer,
  type ClassType,
  type GraphQLContext,
} from '@commonplace/sdk/internal';
import type { FederationCore } from '../inbox/index.js';
import type { ActorRow } from '../remote-actors/tables.js';
import {
  AllowedDomain,
  DomainBlock,
  DomainBlockSeverity,
  FederatedActor,
  FederatedActorConnection,
  FollowRequestConnection,
  FollowResult,
  ModerationReport,
  ModerationReportConnection,
} from './types.js';
import type { CoreServices } from '../../container/core-cradle.js';

export * from './types.js';

abstract class FederationResolverBase {
  constructor(protected readonly services: CoreServices) {}

  protected get core(): FederationCore {
    const core = (this.services as Partial<CoreServices>).federationCore;
    if (!core) throw new ServiceUnavailableError('Federation is not enabled on this instance.');
    return core;
  }

  protected get publicHost(): string {
    return new URL(this.services.config.publicUrl).host;
  }

  protected get limits() {
    return this.services.config.instance.graphql;
  }

  protected async actorsById(ids: ReadonlyArray<string | null>): Promise<Map<string, ActorRow>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.services.db.selectFrom('core_actors').selectAll().where('id', 'in', wanted).execute()) as ActorRow[];
    return new Map(rows.map((row) => [row.id, row]));
  }
}

@Resolver()
export class FollowResolver extends FederationResolverBase {
  @Mutation(() => FollowResult, {
    description: 'Follows an actor: a local username, a handle (@user@host) or an actor URL. Remote actors get a Follow and stay PENDING until they accept.',
  })
  async follow(@Arg('target', () => String) target: string, @Ctx() context: GraphQLContext): Promise<FollowResult> {
    const viewer = requireViewer(context);
    return FollowResult.from(await this.core.follows.follow(viewer.actorId, target), this.publicHost);
  }

  @Mutation(() => Boolean, { description: 'Stops following (or withdraws a request); false when there was nothing to undo.' })
  async unfollow(@Arg('target', () => String) target: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.core.follows.unfollow(requireViewer(context).actorId, target);
  }

  @Query(() => FederatedActorConnection, { description: 'Who follows the viewer (accepted follows), newest first.' })
  async followers(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FederatedActorConnection> {
    return this.actorConnection(await this.core.follows.followers(requireViewer(context).actorId, args, this.limits));
  }

  @Query(() => FederatedActorConnection, { description: 'Whom the viewer follows (accepted follows), newest first.' })
  async following(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FederatedActorConnection> {
    return this.actorConnection(await this.core.follows.following(requireViewer(context).actorId, args, this.limits));
  }

  @Query(() => FollowRequestConnection, { description: 'Pending requests to follow the viewer or an actor the viewer owns.' })
  async followRequests(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<FollowRequestConnection> {
    const page = await this.core.follows.followRequests(requireViewer(context), args, this.limits);
    const actors = await this.actorsById(page.nodes.flatMap((row) => [row.follower_id, row.followed_id]));
    const toResult = (row: (typeof page.nodes)[number]) =>
      FollowResult.from({ follow: row, follower: actors.get(row.follower_id)!, followed: actors.get(row.followed_id)! }, this.publicHost);
    const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: toResult(edge.node) }));
    return Object.assign(new FollowRequestConnection(), { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo });
  }

  @Mutation(() => FollowResult, { description: 'Accepts a follow request; only the followed actor’s owner may.' })
  async acceptFollowRequest(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<FollowResult> {
    return FollowResult.from(await this.core.follows.acceptFollowRequest(requireViewer(context), id), this.publicHost);
  }

  @Mutation(() => FollowResult, { description: 'Rejects a follow request (or removes a follower); only the followed actor’s owner may.' })
  async rejectFollowRequest(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<FollowResult> {
    return FollowResult.from(await this.core.follows.rejectFollowRequest(requireViewer(context), id), this.publicHost);
  }

  @Mutation(() => FederatedActor, { description: 'Blocks an actor: follows both ways end; a remote actor is told.' })
  async block(@Arg('target', () => String) target: string, @Ctx() context: GraphQLContext): Promise<FederatedActor> {
    return FederatedActor.from(await this.core.follows.block(requireViewer(context).actorId, target), this.publicHost);
  }

  @Mutation(() => Boolean, { description: 'Lifts a block; false when there was none.' })
  async unblock(@Arg('target', () => String) target: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    return this.core.follows.unblock(requireViewer(context).actorId, target);
  }

  private actorConnection(page: { edges: Array<{ cursor: string; node: ActorRow }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }) {
    const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: FederatedActor.from(edge.node, this.publicHost) }));
    return Object.assign(new FederatedActorConnection(), { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo });
  }
}

@Resolver()
export class ModerationResolver extends FederationResolverBase {
  @Mutation(() => DomainBlock, { description: 'Admins only. Blocks a domain and its subdomains; REJECT also ends follows with it.' })
  async blockDomain(
    @Arg('domain', () => String) domain: string,
    @Arg('severity', () => DomainBlockSeverity) severity: DomainBlockSeverity,
    @Arg('reason', () => String, { nullable: true }) reason: string | null | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<DomainBlock> {
    requireRole(context, 'admin');
    return DomainBlock.from(await this.core.moderation.blockDomain({ domain, severity, reason: reason ?? null }));
  }

  @Mutation(() => Boolean, { description: 'Admins only. False when the domain was not blocked.' })
  async unblockDomain(@Arg('domain', () => String) domain: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    requireRole(context, 'admin');
    return this.core.moderation.unblockDomain(domain);
  }

  @Query(() => [DomainBlock], { description: 'Admins only.' })
  async domainBlocks(@Ctx() context: GraphQLContext): Promise<DomainBlock[]> {
    requireRole(context, 'admin');
    return (await this.core.moderation.listDomainBlocks()).map((row) => DomainBlock.from(row));
  }

  @Mutation(() => AllowedDomain, { description: 'Admins only. Allows a domain and its subdomains; used when federation.mode is allowlist.' })
  async allowDomain(@Arg('domain', () => String) domain: string, @Ctx() context: GraphQLContext): Promise<AllowedDomain> {
    requireRole(context, 'admin');
    return AllowedDomain.from(await this.core.moderation.allowDomain(domain));
  }

  @Mutation(() => Boolean, { description: 'Admins only. False when the domain was not allowed.' })
  async disallowDomain(@Arg('domain', () => String) domain: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    requireRole(context, 'admin');
    return this.core.moderation.disallowDomain(domain);
  }

  @Query(() => [AllowedDomain], { description: 'Admins only. The allow-list (in force when federation.mode is allowlist).' })
  async allowedDomains(@Ctx() context: GraphQLContext): Promise<AllowedDomain[]> {
    requireRole(context, 'admin');
    return (await this.core.moderation.listAllowedDomains()).map((row) => AllowedDomain.from(row));
  }

  @Mutation(() => ModerationReport, {
    description: 'Moderators only. Sends the report as a Flag from the instance actor to the reported actor’s instance, and marks it forwarded.',
  })
  async forwardReport(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<ModerationReport> {
    requireRole(context, 'moderator');
    const row = await this.core.moderation.forwardReport(id);
    const actors = await this.actorsById([row.reporter_id, row.target_actor_id]);
    return ModerationReport.from(row, actors, this.publicHost);
  }

  @Mutation(() => ModerationReport, { description: 'Moderators only. Closes an open report (state resolved); a report already closed or forwarded is returned as it is.' })
  async resolveReport(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<ModerationReport> {
    requireRole(context, 'moderator');
    const row = await this.core.moderation.resolveReport(id);
    const actors = await this.actorsById([row.reporter_id, row.target_actor_id]);
    return ModerationReport.from(row, actors, this.publicHost);
  }

  @Query(() => ModerationReportConnection, { description: 'Moderators only. Reports, newest first.' })
  async reports(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: GraphQLContext): Promise<ModerationReportConnection> {
    requireRole(context, 'moderator');
    const page = await this.core.moderation.listReports(args, this.limits);
    const actors = await this.actorsById(page.nodes.flatMap((row) => [row.reporter_id, row.target_actor_id]));
    const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: ModerationReport.from(edge.node, actors, this.publicHost) }));
    return Object.assign(new ModerationReportConnection(), { edges, nodes: edges.map((edge) => edge.node), pageInfo: page.pageInfo });
  }
}

/** Core's federation GraphQL: follows, blocks, domain blocks and reports. Needs `federationCore` in the container (registerInbox puts it there). */
export function federationResolvers(): ClassType[] {
  return [FollowResolver, ModerationResolver];
}
