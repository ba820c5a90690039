import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  ServiceUnavailableError,
  type ActivityPubObject,
  type Audience,
  type Clock,
  type Executor,
  type FederationPort,
  type JobsPort,
  type Logger,
} from '@commonplace/sdk/internal';
import { ACTIVITYSTREAMS_CONTEXT, PUBLIC_COLLECTION, SECURITY_V1_CONTEXT } from '../jsonld/activitystreams-context.js';
import { FANOUT_JOB_NAME, type FanOutPayload } from '../delivery/job-names.js';
import { announceToGroupFollowers, type GroupAnnounceResult } from '../groups/announce.js';
import { publishActorUpdate, type HasActorReplies } from './actor-update.js';
import type { ActivityPublisher, PublishedActivity } from './activity-publisher.js';
import { blockedEitherWayByUri, followedUris, followState } from '../follows/follow-queries.js';
import { createFollowsPort } from '../follows/follows-port.js';
import type { LocalActorFields } from '../documents/actor-fields.js';

/** What our activities carry: ActivityStreams and security v1, as our actor documents do. */
export const ACTIVITY_CONTEXT = [ACTIVITYSTREAMS_CONTEXT, SECURITY_V1_CONTEXT] as const;

/** Also accepted for as:Public when reading addressing. */
const PUBLIC_SPELLINGS = new Set([PUBLIC_COLLECTION, 'as:Public', 'Public']);

export interface FederationPublisherDeps {
  db: Kysely<any>;
  jobs: Pick<JobsPort, 'enqueue'>;
  clock: Clock;
  log?: Logger;
  /** The instance's public URL. */
  publicUrl: string;
  /**
   * FederationPort.resolve: fetch (through the SSRF guard, signed by the instance actor) and cache a
   * remote object; boot passes the federation core's RemoteActors.resolveObject. Without it, resolve()
   * answers ServiceUnavailableError.
   */
  resolve?: (iri: string) => Promise<ActivityPubObject | null>;
  /** Whether a plugin serves a local actor's replies, for the `replies` of its Update (boot asks the plugins' `actorReplies`). */
  hasActorReplies?: HasActorReplies;
  /** The plugins' fields for the actor document an Update carries, as served (documents/actor-fields.ts). */
  actorFields?: LocalActorFields;
}

export type { ActivityPublisher, PublishedActivity, PublishOptions } from './activity-publisher.js';

export interface FederationPublisher extends FederationPort, ActivityPublisher {
  /** FEP-1b12: a local group announces an activity to its followers (wrapped, and the bare object for a Create). */
  announceToGroupFollowers(groupActorId: string, activity: ActivityPubObject, options: { tx: Executor }): Promise<GroupAnnounceResult>;
}

interface ActorRow {
  id: string;
  uri: string;
  domain: string | null;
  followers_url: string | null;
  deleted_at: Date | null;
}

/**
 * The sdk's FederationPort over `core_outbox`: publish() stores the activity and one fan-out job in the
 * caller's transaction, so the change, its activity and its delivery commit (or vanish) together.
 */
export function createFederationPublisher(deps: FederationPublisherDeps): FederationPublisher {
  const publisher: FederationPublisher = {
    async publish(activity, audience, options) {
      await publisher.publishActivity(activity, audience, options);
    },

    async publishActivity(activity, audience, options) {
      const { tx, actorId } = options;
      const actor = await actorById(tx, actorId);
      if (!actor || actor.domain !== null) throw new Error(`publish: ${actorId} is not a local actor`);
      if (actor.deleted_at) throw new Error(`publish: actor ${actor.uri} is deleted`);
      if (typeof activity.actor === 'string' && activity.actor !== actor.uri) {
        throw new Error(`publish: the activity's actor ${activity.actor} is not the publishing actor ${actor.uri}`);
      }

      const plan = await addressingFor(tx, actor, audience);
      const outboxId = randomUUID();
      const { '@context': _context, bto, bcc, ...rest } = structuredClone(activity) as Record<string, unknown>;
      const id = typeof rest.id === 'string' && rest.id !== '' ? rest.id : `${actor.uri}/activities/${outboxId}`;
      const to = union(plan.to, uris(rest.to));
      const cc = union(plan.cc, uris(rest.cc)).filter((entry) => !to.includes(entry));
      const stored: Record<string, unknown> = {
        '@context': ACTIVITY_CONTEXT,
        ...rest,
        id,
        actor: actor.uri,
        to,
        ...(cc.length > 0 ? { cc } : {}),
        published: typeof rest.published === 'string' ? rest.published : deps.clock.now().toISOString(),
      };
      if (rest.cc !== undefined && cc.length === 0) delete stored.cc;
      // Mastodon reads visibility from the object: an embedded object without addressing gets the activity's.
      const object = stored.object;
      const createsObject = stored.type === 'Create' || stored.type === 'Update';
      if (createsObject && object && typeof object === 'object' && !Array.isArray(object) && !('to' in object) && !('cc' in object)) {
        stored.object = { ...(object as Record<string, unknown>), to, ...(cc.length > 0 ? { cc } : {}) };
      }

      const recipients = union(to, cc, uris(bto), uris(bcc), uris(rest.audience)).filter(
        (entry) => !PUBLIC_SPELLINGS.has(entry) && !plan.collections.has(entry),
      );
      await tx
        .insertInto('core_outbox')
        .values({
          id: outboxId,
          actor_id: actor.id,
          activity_uri: id,
          activity: jsonb(stored),
          audience: jsonb(audience),
          public: audience.kind === 'public' || audience.kind === 'unlisted',
          created_at: deps.clock.now(),
        })
        .execute();
      const payload: FanOutPayload = { outboxId, followersOf: plan.followersOf, recipients };
      await deps.jobs.enqueue(FANOUT_JOB_NAME, payload, { tx, dedupeKey: id });

      const published: PublishedActivity = { outboxId, activity: stored as PublishedActivity['activity'] };
      // A local group relays what is published to it (FEP-1b12), in the same transaction.
      if (plan.localGroupId) await publisher.announceToGroupFollowers(plan.localGroupId, stored, { tx });
      return published;
    },

    publishActorUpdate(actorId, options) {
      return publishActorUpdate(publisher, {
        publicUrl: deps.publicUrl,
        actorId,
        tx: options.tx,
        ...(deps.hasActorReplies ? { hasReplies: deps.hasActorReplies } : {}),
        ...(deps.actorFields ? { actorFields: deps.actorFields } : {}),
      });
    },

    follows: createFollowsPort(deps.db),

    // Deprecated aliases of `follows`, kept until the plugins have moved.
    followState(followerUri, followedUri, options) {
      return followState(options?.tx ?? deps.db, followerUri, followedUri);
    },

    followedUris(actorId, options) {
      return followedUris(options.tx ?? deps.db, actorId, options.limit);
    },

    blockedEitherWay(actorUri, otherUri, options) {
      return blockedEitherWayByUri(options?.tx ?? deps.db, actorUri, otherUri);
    },

    async resolve(iri) {
      if (!deps.resolve) throw new ServiceUnavailableError('Resolving remote objects is not available in this process.');
      return deps.resolve(iri);
    },

    announceToGroupFollowers(groupActorId, activity, options) {
      return announceToGroupFollowers(publisher, { groupActorId, activity, tx: options.tx });
    },
  };
  return publisher;
}

interface AddressingPlan {
  to: string[];
  cc: string[];
  /** Local actors whose remote followers receive it. */
  followersOf: string[];
  /** Followers collections named in to/cc: not actors to look up. */
  collections: Set<string>;
  /** Set when the audience is a group that lives here. */
  localGroupId?: string;
}

async function addressingFor(tx: Executor, actor: ActorRow, audience: Audience): Promise<AddressingPlan> {
  const followers = followersUrlOf(actor);
  switch (audience.kind) {
    case 'public':
      return { to: [PUBLIC_COLLECTION], cc: [followers], followersOf: [actor.id], collections: new Set([followers]) };
    case 'unlisted':
      return { to: [followers], cc: [PUBLIC_COLLECTION], followersOf: [actor.id], collections: new Set([followers]) };
    case 'followers': {
      const of = audience.of === actor.id || audience.of === actor.uri ? actor : await actorByIdOrUri(tx, audience.of);
      if (!of) throw new Error(`publish: no actor ${audience.of} whose followers to address`);
      const url = followersUrlOf(of);
      return { to: [url], cc: [], followersOf: of.domain === null ? [of.id] : [], collections: new Set([url]) };
    }
    case 'group': {
      const group = await actorByIdOrUri(tx, audience.groupId);
      if (!group || group.deleted_at) throw new Error(`publish: no group ${audience.groupId}`);
      const url = followersUrlOf(group);
      return {
        to: [group.uri],
        cc: [url],
        // A remote group gets it at its inbox (its uri is a recipient) and relays it; a local one announces it.
        followersOf: [],
        collections: new Set([url]),
        ...(group.domain === null ? { localGroupId: group.id } : {}),
      };
    }
    case 'direct':
      return { to: [...new Set(audience.to)], cc: [], followersOf: [], collections: new Set() };
  }
}

function followersUrlOf(actor: ActorRow): string {
  return actor.domain === null ? `${actor.uri}/followers` : (actor.followers_url ?? `${actor.uri}/followers`);
}

const ACTOR_COLUMNS = ['id', 'uri', 'domain', 'followers_url', 'deleted_at'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function actorById(tx: Executor, id: string): Promise<ActorRow | null> {
  if (!UUID.test(id)) return null;
  return ((await tx.selectFrom('core_actors').select(ACTOR_COLUMNS).where('id', '=', id).executeTakeFirst()) as ActorRow | undefined) ?? null;
}

async function actorByIdOrUri(tx: Executor, idOrUri: string): Promise<ActorRow | null> {
  if (UUID.test(idOrUri)) return actorById(tx, idOrUri);
  return ((await tx.selectFrom('core_actors').select(ACTOR_COLUMNS).where('uri', '=', idOrUri).executeTakeFirst()) as ActorRow | undefined) ?? null;
}

/** The URIs in an addressing field: a string, an array, or objects with ids. */
export function uris(value: unknown): string[] {
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const found: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') found.push(entry);
    else if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') found.push((entry as { id: string }).id);
  }
  return found;
}

function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

/** Sent as text and cast, so PGlite does not encode the JSON text a second time. */
function jsonb(value: unknown) {
  return sql`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;
}

/** True when the activity is addressed to as:Public (to or cc). */
export function isPubliclyAddressed(activity: ActivityPubObject): boolean {
  return [...uris(activity.to), ...uris(activity.cc)].some((entry) => PUBLIC_SPELLINGS.has(entry));
}
