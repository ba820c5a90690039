import type { Kysely } from 'kysely';
import type { Clock, JobContext, JobsPort, Logger } from '@commonplace/sdk/internal';
import { RemoteFetchError, type RemoteFetchFailure } from '../fetch/fetch-error.js';
import type { HostResolver } from '../fetch/resolve-host.js';
import { userAgentFor } from '../fetch/fetch-remote.js';
import { signRequest } from '../signatures/sign-request.js';
import { digestHeader } from '../signatures/body-digest.js';
import { ACTIVITY_CONTENT_TYPE } from '../signatures/outgoing-headers.js';
import { isBlockedHost, rejectedDomains } from './domain-blocks.js';
import { Snapshot } from '../../runtime/snapshot.js';
import { onDomainListsChanged } from '../moderation/domain-list-changes.js';
import { emitFollowsRemoved } from '../follows/follow-events.js';
import type { FederationDb } from '../remote-actors/tables.js';
import { HostHealth } from './host-health.js';
import { HostLimiter } from './host-limiter.js';
import { DELIVER_JOB_NAME, deliveryDedupeKey, type DeliverPayload } from './job-names.js';
import { postActivity, type PinnedPost, type PostResponse } from './post-activity.js';
import type { DeliverySettings } from './settings.js';

/** Local actors' private keys (the accounts module's ActorKeys). */
export interface SigningKeys {
  signingKey(actorId: string, kind: 'rsa'): Promise<{ privateKeyPem: string } | null>;
}

export interface DeliverDeps {
  db: Kysely<any>;
  jobs: Pick<JobsPort, 'enqueue'>;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  keys: SigningKeys;
  settings: DeliverySettings;
  resolver?: HostResolver;
  transport?: (request: PinnedPost) => Promise<PostResponse>;
}

/** What became of one delivery attempt; a retryable failure is thrown instead. */
export type DeliveryOutcome =
  | 'delivered'
  | 'gone'
  | 'refused'
  | 'blocked'
  | 'missing'
  | 'paused'
  | 'busy'
  | 'expired';

/** Thrown for a failure worth retrying (5xx, 408, 429, network, timeout): the job backs off and tries again. */
export class DeliveryRetryableError extends Error {
  override readonly name = 'DeliveryRetryableError';
}

const RETRYABLE_STATUSES = new Set([408, 429]);
const RETRYABLE_FAILURES = new Set<RemoteFetchFailure>(['network', 'timeout', 'dns']);
/** A busy host's delivery comes back after this (and a little jitter). */
const BUSY_RETRY_MS = 1_000;
const CACHE_SIZE = 128;
const KEY_CACHE_MS = 60_000;

interface LoadedActivity {
  activityUri: string;
  actorId: string;
  actorUri: string;
  body: Buffer;
  /** The body's `Digest`, worked out once for every inbox it goes to. */
  digest: string;
  publishedAt: Date;
}

/** The delivery job's handler, with per-process caches (bodies and keys) and the per-host limiter. */
export class Deliverer {
  private readonly health: HostHealth;
  private readonly limiter: HostLimiter;
  /** Activities being or been read, by outbox id: the deliveries of one fan-out start together and share one read. */
  private readonly bodies = new Map<string, Promise<LoadedActivity | null>>();
  private readonly keys = new Map<string, { pem: string; until: number }>();
  private readonly rejected: Snapshot<string[]>;

  constructor(private readonly deps: DeliverDeps) {
    this.health = new HostHealth(deps.db, deps.settings.hotCacheSeconds);
    this.rejected = new Snapshot(() => rejectedDomains(deps.db), deps.settings.hotCacheSeconds);
    onDomainListsChanged(deps.db, () => this.rejected.invalidate());
    this.limiter = new HostLimiter(deps.settings.deliveryConcurrencyPerHost);
  }

  async deliver(payload: DeliverPayload, context?: Pick<JobContext, 'attempt' | 'maxAttempts'>): Promise<DeliveryOutcome> {
    const { deps } = this;
    const activity = await this.load(payload.outboxId);
    if (!activity) return 'missing';
    let url: URL;
    try {
      url = new URL(payload.inbox);
    } catch {
      deps.log.warn({ inbox: payload.inbox }, 'delivery dropped: the inbox is not a URL');
      return 'refused';
    }
    const host = url.host.toLowerCase();
    const bindings = { activity: activity.activityUri, inbox: payload.inbox, attempt: context?.attempt };
    if (isBlockedHost(url.hostname, await this.rejected.get())) {
      deps.log.info(bindings, 'delivery dropped: the domain is blocked');
      return 'blocked';
    }

    const now = deps.clock.now();
    const state = await this.health.state(host);
    if (state?.pausedUntil && state.pausedUntil > now) {
      if (now.getTime() - activity.publishedAt.getTime() > deps.settings.deliveryGiveUpAfterMs) {
        deps.log.warn(bindings, 'delivery dropped: its host has been paused for longer than deliveries wait');
        return 'expired';
      }
      await this.putBack(payload, activity, state.pausedUntil.getTime() - now.getTime());
      return 'paused';
    }

    const release = this.limiter.tryAcquire(host);
    if (!release) {
      await this.putBack(payload, activity, BUSY_RETRY_MS + Math.floor(Math.random() * BUSY_RETRY_MS));
      return 'busy';
    }
    try {
      return await this.post(payload, activity, host, state !== null && state.consecutiveFailures > 0, bindings);
    } finally {
      release();
    }
  }

  private async post(
    payload: DeliverPayload,
    activity: LoadedActivity,
    host: string,
    wasFailing: boolean,
    bindings: Record<string, unknown>,
  ): Promise<DeliveryOutcome> {
    const { deps } = this;
    const pem = await this.privateKey(activity.actorId);
    if (!pem) {
      deps.log.info(bindings, 'delivery dropped: the publishing actor has no signing key (deleted?)');
      return 'missing';
    }
    const keyId = `${activity.actorUri}#main-key`;
    let response;
    try {
      response = await postActivity(
        payload.inbox,
        activity.body,
        { 'Content-Type': ACTIVITY_CONTENT_TYPE, 'User-Agent': userAgentFor(deps.publicUrl) },
        {
          timeoutMs: deps.settings.deliveryTimeoutMs,
          maxResponseBytes: deps.settings.deliveryMaxResponseBytes,
          maxRedirects: deps.settings.deliveryMaxRedirects,
          allowPrivateAddresses: deps.settings.allowPrivateAddresses,
        },
        {
          signer: (request) =>
            signRequest(
              { method: 'POST', url: request.url.href, headers: request.headers, body: request.body },
              { keyId, privateKeyPem: pem, clock: deps.clock },
              // The digest made once per activity holds for the body it was made of.
              request.body === activity.body ? { digest: activity.digest } : {},
            ),
          ...(deps.resolver ? { resolver: deps.resolver } : {}),
          ...(deps.transport ? { transport: deps.transport } : {}),
        },
      );
    } catch (error) {
      if (error instanceof RemoteFetchError && RETRYABLE_FAILURES.has(error.failure)) {
        await this.failed(host, bindings, error.reason);
        throw new DeliveryRetryableError(`delivery to ${payload.inbox} failed: ${error.reason}`, { cause: error });
      }
      const reason = error instanceof RemoteFetchError ? error.reason : (error as Error).message;
      deps.log.warn({ ...bindings, reason }, 'delivery refused by the outgoing request guard; not retried');
      return 'refused';
    }

    const { status } = response;
    if (status >= 200 && status <= 299) {
      if (wasFailing) await this.health.recordSuccess(host);
      return 'delivered';
    }
    if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
      await this.failed(host, bindings, `responded ${status}`);
      throw new DeliveryRetryableError(`delivery to ${payload.inbox}: responded ${status}`);
    }
    // The host answered: it is up, even if it will not take this activity.
    if (wasFailing) await this.health.recordSuccess(host);
    const excerpt = response.body.subarray(0, 200).toString('utf8');
    if (status === 410 && payload.personal) {
      const removed = await this.removeGoneFollower(payload.inbox);
      deps.log.info({ ...bindings, removed }, 'inbox is gone (410): its actor no longer follows anyone here');
      return 'gone';
    }
    deps.log.warn({ ...bindings, status, response: excerpt }, 'delivery refused by the remote server; not retried');
    return 'refused';
  }

  private async failed(host: string, bindings: Record<string, unknown>, reason: string): Promise<void> {
    const { settings, clock, log } = this.deps;
    const pausedUntil = await this.health.recordFailure(host, clock.now(), settings.deliveryPauseAfterMs, settings.deliveryPauseMs);
    log.info({ ...bindings, reason, pausedUntil }, pausedUntil ? 'delivery failed; the host is paused' : 'delivery failed; retrying later');
  }

  /** The same delivery again later, under the next dedupe key (this job still holds the current one). */
  private async putBack(payload: DeliverPayload, activity: LoadedActivity, delayMs: number): Promise<void> {
    const generation = (payload.generation ?? 0) + 1;
    await this.deps.jobs.enqueue(
      DELIVER_JOB_NAME,
      { ...payload, generation },
      { delayMs: Math.max(0, Math.ceil(delayMs)), dedupeKey: deliveryDedupeKey(activity.activityUri, payload.inbox, generation) },
    );
  }

  private async removeGoneFollower(inbox: string): Promise<number> {
    // One transaction, so plugins hear `follow.removed` for exactly the follows that ended.
    return (this.deps.db as FederationDb).transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('core_follows')
        .where('follower_id', 'in', tx.selectFrom('core_actors').select('id').where('inbox_url', '=', inbox).where('domain', 'is not', null))
        .where('followed_id', 'in', tx.selectFrom('core_actors').select('id').where('domain', 'is', null))
        .returningAll()
        .execute();
      await emitFollowsRemoved(this.deps.jobs, tx, removed);
      return removed.length;
    });
  }

  private load(outboxId: string): Promise<LoadedActivity | null> {
    const cached = this.bodies.get(outboxId);
    if (cached) return cached;
    const forget = () => {
      if (this.bodies.get(outboxId) === loading) this.bodies.delete(outboxId);
    };
    const loading: Promise<LoadedActivity | null> = this.read(outboxId).then(
      (loaded) => {
        if (!loaded) forget(); // not there (any more): ask again next time
        return loaded;
      },
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    if (this.bodies.size >= CACHE_SIZE) this.bodies.delete(this.bodies.keys().next().value!);
    this.bodies.set(outboxId, loading);
    return loading;
  }

  private async read(outboxId: string): Promise<LoadedActivity | null> {
    const row = await this.deps.db
      .selectFrom('core_outbox as o')
      .innerJoin('core_actors as a', 'a.id', 'o.actor_id')
      .select(['o.activity', 'o.activity_uri', 'o.actor_id', 'o.created_at', 'a.uri'])
      .where('o.id', '=', outboxId)
      .executeTakeFirst();
    if (!row) return null;
    const json = typeof row.activity === 'string' ? (JSON.parse(row.activity) as Record<string, unknown>) : (row.activity as Record<string, unknown>);
    // jsonb keeps no key order; @context first reads as every server writes it.
    const ordered = '@context' in json ? { '@context': json['@context'], ...json } : json;
    const body = Buffer.from(JSON.stringify(ordered), 'utf8');
    return {
      activityUri: row.activity_uri,
      actorId: row.actor_id,
      actorUri: row.uri,
      body,
      digest: digestHeader(body),
      publishedAt: new Date(row.created_at),
    };
  }

  private async privateKey(actorId: string): Promise<string | null> {
    const now = Date.now();
    const cached = this.keys.get(actorId);
    if (cached && cached.until > now) return cached.pem;
    const key = await this.deps.keys.signingKey(actorId, 'rsa');
    if (!key) {
      this.keys.delete(actorId);
      return null;
    }
    if (this.keys.size >= CACHE_SIZE) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(actorId, { pem: key.privateKeyPem, until: now + KEY_CACHE_MS });
    return key.privateKeyPem;
  }
}
