import type { Kysely } from 'kysely';
import type { ActivityPubObject, Clock, FederationObjectHandler, InstanceSettings, JobsPort, Logger, Services } from '@commonplace/sdk/internal';
import { hostOf } from '../documents/host-of.js';
import type { ActivityPubDocument } from '../documents/parse-activitypub.js';
import type { Follows } from '../follows/index.js';
import type { Moderation } from '../moderation/index.js';
import type { RemoteActors } from '../remote-actors/index.js';
import type { ActorRow, FederationDb } from '../remote-actors/tables.js';
import type { GroupAnnouncer } from '../groups/index.js';
import { InboxCommitBatcher, type InboxWrite } from './commit-batcher.js';
import { refusalOfHandlerError } from './handler-refusal.js';
import { accepted, Refusal, refuse, refuseWhenBusy, type InboxOutcome } from './inbox-outcome.js';
import type { Apply } from './inbox-plan.js';
import { blockedByEveryRecipient, localAddressees, MAX_RECIPIENTS_CONSIDERED, relayingGroups } from './local-recipients.js';
import { PluginDispatch } from './plugin-dispatch.js';
import { verifyInboxRequest, type InboxRequest } from './verify-inbox-request.js';
import { inboxVerbs, type VerbRegistry } from './verbs/registry.js';
import type { VerbContext } from './verbs/verb-context.js';

export type { InboxOutcome } from './inbox-outcome.js';
export { BUSY_RETRY_AFTER_SECONDS } from './inbox-outcome.js';
export type { InboxRequest } from './verify-inbox-request.js';
export { GROUP_RELAYED_TYPES, MAX_RECIPIENTS_CONSIDERED } from './local-recipients.js';
export { MAX_FLAG_OBJECTS } from './verbs/flag-verb.js';
export { UNWRAPPED_RELAY_TYPES } from './verbs/announce-verb.js';

export interface ActivityProcessorDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  publicUrl: string;
  log: Logger;
  clock: Clock;
  remoteActors: RemoteActors;
  follows: Follows;
  moderation: Moderation;
  objectHandlers: readonly FederationObjectHandler[];
  /** Services plugin handlers receive (with `db` replaced by the inbox's transaction). */
  services: () => Services | undefined;
  /** FEP-1b12: local groups relay what is addressed to them; without it, nothing is relayed. */
  groups?: GroupAnnouncer;
  /** The verbs the inbox takes (core's and the plugins' `federation.verbs`); core's alone when not given. */
  verbs?: VerbRegistry;
  /** Lifecycle events (`actor.deleted`, `actor.moved`) are queued through it, in the inbox's transaction. */
  jobs?: Pick<JobsPort, 'enqueue'>;
}

/** Activities committed in one transaction when the settings do not say. */
const DEFAULT_COMMIT_BATCH_MAX = 64;
/** Local Groups one post is routed by (`group-posts.ts`): each may cost a plugin's look-ups. */
export const MAX_GROUPS_POSTED_TO = 10;

/**
 * The inbox's pipeline: the request's checks (`verify-inbox-request.ts`) -> blocks -> the verb's plan
 * (`verbs/`: origin checks and routing, every network look-up) -> one transaction with the dedupe row
 * (`commit-batcher.ts`), where the plan writes and local Groups relay (FEP-1b12). Each refusal is one
 * log line with its reason, and stores nothing.
 */
export class ActivityProcessor {
  private readonly db: FederationDb;
  private readonly log: Logger;
  private readonly publicHost: string;
  private readonly commits: InboxCommitBatcher;
  private readonly plugins: PluginDispatch;
  private readonly verbs: VerbRegistry;
  private readonly context: VerbContext;

  constructor(private readonly deps: ActivityProcessorDeps) {
    this.db = deps.db as FederationDb;
    this.commits = new InboxCommitBatcher(this.db, deps.clock, deps.settings.federation.inboxCommitBatchMax ?? DEFAULT_COMMIT_BATCH_MAX);
    this.log = deps.log.child({ module: 'federation.inbox' });
    this.publicHost = new URL(deps.publicUrl).host.toLowerCase();
    this.verbs = deps.verbs ?? inboxVerbs();
    const isLocalUri = (uri: string) => hostOf(uri) === this.publicHost;
    this.plugins = new PluginDispatch({
      db: this.db,
      objectHandlers: deps.objectHandlers,
      services: deps.services,
      isLocal: isLocalUri,
      blockedEitherWay: (a, b) => deps.follows.blockedEitherWay(a, b),
      maxCandidates: MAX_RECIPIENTS_CONSIDERED,
      maxGroups: MAX_GROUPS_POSTED_TO,
    });
    this.context = {
      db: this.db,
      clock: deps.clock,
      remoteActors: deps.remoteActors,
      follows: deps.follows,
      moderation: deps.moderation,
      jobs: deps.jobs,
      plugins: this.plugins,
      publicHost: this.publicHost,
      isLocalUri,
      localActorByUri: (uri) => this.localActorByUri(uri),
      senderRow: (uri) => this.senderRow(uri),
      alreadySeen: (activityId) => this.alreadySeen(activityId),
      plan: (activity, sender) => this.plan(activity, sender),
    };
  }

  private isLocalUri(uri: string): boolean {
    return hostOf(uri) === this.publicHost;
  }

  /** Activities that passed every check and went to be committed, since the process started. */
  get submittedToCommit(): number {
    return this.commits.submitted;
  }

  async receive(request: InboxRequest): Promise<InboxOutcome> {
    const context: Record<string, unknown> = { inbox: request.recipientUsername ?? 'shared' };
    if (request.requestId !== undefined) context.reqId = request.requestId;
    let outcome: InboxOutcome;
    try {
      outcome = await this.process(request, context);
    } catch (error) {
      const refusal = error instanceof Refusal ? error.outcome : refusalOfHandlerError(error);
      if (refusal) outcome = refusal;
      else {
        this.log.error({ ...context, err: error }, 'inbox failed: nothing was stored; the sender may retry');
        return { status: 500, reason: 'the activity could not be processed; retry later', outcome: 'failed' };
      }
    }
    // What was refused, dropped or ignored is worth an operator's eye; the ordinary accepted activity
    // (thousands a second on a busy server) is a debug line, not even put together unless written.
    const level = outcome.outcome === 'accepted' ? 'debug' : 'info';
    if (level === 'info' || writesAt(this.log, level)) {
      const message = outcome.outcome === 'refused' ? `inbox refused: ${outcome.reason}` : `inbox ${outcome.outcome}: ${outcome.reason}`;
      this.log[level]({ ...context, status: outcome.status, outcome: outcome.outcome, reason: outcome.reason }, message);
    }
    return outcome;
  }

  private async process(request: InboxRequest, context: Record<string, unknown>): Promise<InboxOutcome> {
    const verified = await verifyInboxRequest(request, this.deps, context);
    if ('status' in verified) return verified;
    const { activity, recipient } = verified;

    // Replays are found by the dedupe insert in the transaction (commit-batcher.ts): no query here.
    const sender = await this.senderRow(activity.actor);
    // Most of what reaches the shared inbox names none of our actors (it is addressed to the sender's
    // followers): then no local recipient can block it and no local group relays it, with no look-up.
    const addressees = recipient ? [] : localAddressees(activity, (uri) => this.isLocalUri(uri));
    const namesUs = recipient !== undefined || addressees.length > 0;
    if (namesUs && (await blockedByEveryRecipient(this.db, sender, recipient, addressees))) {
      return accepted(`every local recipient blocks ${activity.actor}: dropped`, 'dropped');
    }

    const apply = await this.plan(activity, sender);
    if (!apply) return accepted(`${activity.type} is not handled here: ignored`, 'ignored');
    const groups =
      namesUs && this.deps.groups ? await relayingGroups({ db: this.db, follows: this.deps.follows, isLocal: (uri) => this.isLocalUri(uri) }, activity, sender) : [];

    const write: InboxWrite = {
      activityId: activity.id ?? null,
      write: async (tx) => {
        const applied = await apply(tx, this.plugins.servicesIn(tx));
        if (typeof applied !== 'string') return accepted(applied.dropped, 'dropped');
        let done = applied;
        for (const group of groups) {
          await this.deps.groups!.announceToGroupFollowers(group.id, activity.raw as ActivityPubObject, { tx });
          done += `; relayed by the group ${group.username}`;
        }
        return accepted(done);
      },
    };
    if (apply.batchable && groups.length === 0) write.together = this.plugins.together(apply.batchable);
    return this.commits.submit(write);
  }

  /** The verb's plan, or null for a type no verb takes (ignored with a log line). */
  private async plan(activity: ActivityPubDocument, sender: ActorRow): Promise<Apply | null> {
    const planner = this.verbs.plannerOf(activity.type);
    return planner ? planner(activity, sender, this.context) : null;
  }

  private async senderRow(uri: string): Promise<ActorRow> {
    const cached = await this.deps.remoteActors.liveByUri(uri);
    if (cached) return cached;
    try {
      return await this.deps.remoteActors.resolveByUrl(uri, { refresh: true });
    } catch (error) {
      refuseWhenBusy(error);
      throw refuse(401, `the actor ${uri} could not be resolved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async alreadySeen(activityId: string): Promise<boolean> {
    const row = await this.db.selectFrom('core_inbox_seen').select('activity_uri').where('activity_uri', '=', activityId).executeTakeFirst();
    return row !== undefined;
  }

  private async localActorByUri(uri: string): Promise<ActorRow | undefined> {
    if (hostOf(uri) !== this.publicHost) return undefined;
    return this.db.selectFrom('core_actors').selectAll().where('uri', '=', uri).where('domain', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  }
}

/** Whether the logger writes lines at `level` (pino's isLevelEnabled); loggers without it are asked to. */
function writesAt(log: Logger, level: 'debug'): boolean {
  const withLevels = log as Logger & { isLevelEnabled?(level: string): boolean };
  return withLevels.isLevelEnabled?.(level) ?? true;
}
