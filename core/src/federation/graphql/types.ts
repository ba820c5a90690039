import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Actor, ConnectionType, Node } from '@commonplace/sdk/internal';
import type { FollowView } from '../follows/index.js';
import type { AllowedDomainRow, DomainBlockRow, ReportRow } from '../moderation/index.js';
import type { ActorRow } from '../remote-actors/tables.js';

export enum FollowState {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
}
registerEnumType(FollowState, { name: 'FollowState', description: 'PENDING until the followed actor (or its server) accepts.' });

export enum DomainBlockSeverity {
  REJECT = 'reject',
  SILENCE = 'silence',
}
registerEnumType(DomainBlockSeverity, {
  name: 'DomainBlockSeverity',
  description: 'REJECT: nothing is accepted from the domain or sent to it. SILENCE: accepted, kept out of public views.',
});

@ObjectType('FederatedActor', { implements: [Actor, Node], description: 'An actor in a follow or block: local, or on another server.' })
export class FederatedActor extends Actor {
  @Field(() => String, { description: '@user@host, host with its port.' })
  handle!: string;

  @Field(() => Boolean)
  local!: boolean;

  @Field(() => Boolean)
  manuallyApprovesFollowers!: boolean;

  static from(row: ActorRow, publicHost: string): FederatedActor {
    return Object.assign(new FederatedActor(), {
      id: row.id,
      actorType: row.type,
      username: row.username,
      domain: row.domain,
      displayName: row.display_name,
      summary: row.summary,
      avatarUrl: row.avatar_url,
      uri: row.uri,
      handle: `@${row.username}@${row.domain ?? publicHost}`,
      local: row.domain === null,
      manuallyApprovesFollowers: row.manually_approves_followers,
    });
  }
}

@ObjectType('FederatedActorConnection')
export class FederatedActorConnection extends ConnectionType(() => FederatedActor, 'FederatedActor') {}

@ObjectType('FollowResult', { description: 'A follow between two actors, or a request to follow.' })
export class FollowResult {
  @Field(() => ID)
  id!: string;

  @Field(() => FollowState)
  state!: FollowState;

  @Field(() => FederatedActor)
  follower!: FederatedActor;

  @Field(() => FederatedActor)
  followed!: FederatedActor;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(view: FollowView, publicHost: string): FollowResult {
    return Object.assign(new FollowResult(), {
      id: view.follow.id,
      state: view.follow.state as FollowState,
      follower: FederatedActor.from(view.follower, publicHost),
      followed: FederatedActor.from(view.followed, publicHost),
      createdAt: new Date(view.follow.created_at),
    });
  }
}

@ObjectType('FollowRequestConnection')
export class FollowRequestConnection extends ConnectionType(() => FollowResult, 'FollowRequest') {}

@ObjectType('DomainBlock')
export class DomainBlock {
  @Field(() => String, { description: 'The host (with its port, if any); subdomains are covered too.' })
  domain!: string;

  @Field(() => DomainBlockSeverity)
  severity!: DomainBlockSeverity;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(row: DomainBlockRow): DomainBlock {
    return Object.assign(new DomainBlock(), {
      domain: row.domain,
      severity: row.severity as DomainBlockSeverity,
      reason: row.reason,
      createdAt: new Date(row.created_at),
    });
  }
}

@ObjectType('AllowedDomain', { description: 'A domain federated with in allow-list mode (federation.mode: allowlist); subdomains too.' })
export class AllowedDomain {
  @Field(() => String)
  domain!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(row: AllowedDomainRow): AllowedDomain {
    return Object.assign(new AllowedDomain(), { domain: row.domain, createdAt: new Date(row.created_at) });
  }
}

@ObjectType('ModerationReport', { description: 'A report of actors or objects: from a remote Flag, or local.' })
export class ModerationReport {
  @Field(() => ID)
  id!: string;

  @Field(() => FederatedActor, { nullable: true })
  reporter!: FederatedActor | null;

  @Field(() => FederatedActor, { nullable: true })
  targetActor!: FederatedActor | null;

  @Field(() => [String], { description: 'The reported objects and actors, as the report named them.' })
  objectUris!: string[];

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { description: 'open, resolved or forwarded.' })
  state!: string;

  @Field(() => String, { nullable: true, description: 'The Flag activity’s id, for remote reports.' })
  activityUri!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(row: ReportRow, actors: ReadonlyMap<string, ActorRow>, publicHost: string): ModerationReport {
    const actor = (id: string | null) => {
      const found = id ? actors.get(id) : undefined;
      return found ? FederatedActor.from(found, publicHost) : null;
    };
    const uris = typeof row.object_uris === 'string' ? (JSON.parse(row.object_uris) as unknown) : row.object_uris;
    return Object.assign(new ModerationReport(), {
      id: row.id,
      reporter: actor(row.reporter_id),
      targetActor: actor(row.target_actor_id),
      objectUris: Array.isArray(uris) ? uris.filter((uri): uri is string => typeof uri === 'string') : [],
      reason: row.reason,
      state: row.state,
      activityUri: row.activity_uri,
      createdAt: new Date(row.created_at),
    });
  }
}

@ObjectType('ModerationReportConnection')
export class ModerationReportConnection extends ConnectionType(() => ModerationReport, 'ModerationReport') {}
