import type { Clock, JobsPort } from '@commonplace/sdk/internal';
import type { ActivityPubDocument } from '../../documents/parse-activitypub.js';
import type { Follows } from '../../follows/index.js';
import type { Moderation } from '../../moderation/index.js';
import type { RemoteActors } from '../../remote-actors/index.js';
import type { ActorRow, FederationDb } from '../../remote-actors/tables.js';
import type { Apply } from '../inbox-plan.js';
import type { PluginDispatch } from '../plugin-dispatch.js';

/** What a verb's planner may use: core's federation pieces, look-ups, and plugin dispatch. */
export interface VerbContext {
  db: FederationDb;
  clock: Clock;
  remoteActors: RemoteActors;
  follows: Follows;
  moderation: Moderation;
  /** Lifecycle events (`actor.deleted`, `actor.moved`) are queued through it; without it none are. */
  jobs: Pick<JobsPort, 'enqueue'> | undefined;
  plugins: PluginDispatch;
  publicHost: string;
  isLocalUri(uri: string): boolean;
  /** One of our live actors by URI. */
  localActorByUri(uri: string): Promise<ActorRow | undefined>;
  /** The actor of an activity: cached, or fetched (refused with 401 when it cannot be). */
  senderRow(uri: string): Promise<ActorRow>;
  /** Whether an activity id is already in the dedupe table. */
  alreadySeen(activityId: string): Promise<boolean>;
  /** Plans another activity (one a Group's Announce carries) through the same registry. */
  plan(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply | null>;
}

/**
 * A verb's planner: origin checks and routing before the transaction (every network look-up happens
 * here), answering the work to do in the transaction, or null when nobody handles the activity.
 */
export type VerbPlanner = (activity: ActivityPubDocument, sender: ActorRow, context: VerbContext) => Promise<Apply | null>;
