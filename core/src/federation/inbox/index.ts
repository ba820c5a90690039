import { setImmediate as nextTurn } from 'node:timers/promises';
import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ActorsPort, Clock, Executor, FederationObjectHandler, InstanceSettings, Logger, PluginDefinition, Services } from '@commonplace/sdk/internal';
import { Follows, type Publish } from '../follows/index.js';
import { Moderation } from '../moderation/index.js';
import { actorsFederationLink, RemoteActors, type RemoteActorsDeps } from '../remote-actors/index.js';
import { connectActorsToFederation } from '../../accounts/actors-port.js';
import { ActivityProcessor, type InboxOutcome } from './process-activity.js';
import { objectHandlersOf } from './object-handlers.js';
import { inboxVerbs } from './verbs/registry.js';
import type { GroupAnnouncer } from '../groups/index.js';
import { lazyRequestLogger } from '../../http/lazy-request-logger.js';
import { forwardingLifecycleJobs } from '../../kernel/lifecycle-events.js';

export { ActivityProcessor, GROUP_RELAYED_TYPES, MAX_FLAG_OBJECTS, MAX_RECIPIENTS_CONSIDERED, type InboxOutcome, type InboxRequest } from './process-activity.js';
export { handlersFor, objectHandlersOf, MAX_HANDLERS_PER_ACTIVITY } from './object-handlers.js';
export { inboxVerbs, VerbRegistry } from './verbs/registry.js';

/** Remote actors, follows and moderation, as the inbox and the GraphQL API share them. */
export interface FederationCore {
  remoteActors: RemoteActors;
  follows: Follows;
  moderation: Moderation;
  inbox: ActivityProcessor;
}


declare module '../../container/core-cradle.js' {
  interface CoreServices {
    /** Core's follows, blocks, remote actors and moderation (registered by registerInbox). */
    federationCore: FederationCore;
  }
}

export interface InboxDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  /** Without a trailing slash. */
  publicUrl: string;
  log: Logger;
  clock: Clock;
  actors?: ActorsPort;
  /** Local actors' private keys (the accounts module's `keys`): the instance actor signs our GETs. */
  keys: RemoteActorsDeps['keys'];
  /** The sdk's FederationPort['publish']: Accept, Reject, Follow, Undo, Block go out through it. */
  publish: Publish;
  /** The enabled plugins in boot order (their federation object handlers), or the handlers themselves. */
  plugins?: ReadonlyArray<{ plugin: PluginDefinition<any> } | PluginDefinition<any>>;
  objectHandlers?: readonly FederationObjectHandler[];
  /** The services plugin handlers receive; a container's cradle is read when the activity arrives. */
  services?: Services | (() => Services);
  /** When given, `federationCore` is registered in it, for the GraphQL resolvers. */
  container?: AwilixContainer<any>;
  /** Tests play remote servers at public addresses without traffic. */
  fetchOverrides?: RemoteActorsDeps['fetchOverrides'];
  /** FEP-1b12: local groups announce what is addressed to them (createGroupAnnouncer over the outbox). */
  groups?: GroupAnnouncer;
}

/** Makes the shared pieces without routes (for GraphQL-only use and tests). */
export function createFederationCore(deps: InboxDeps): FederationCore {
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const remoteActors = new RemoteActors({
    db: deps.db,
    settings: deps.settings,
    publicUrl,
    log: deps.log,
    clock: deps.clock,
    keys: deps.keys,
    ...(deps.fetchOverrides ? { fetchOverrides: deps.fetchOverrides } : {}),
  });
  const services = deps.services;
  const servicesNow = () => (typeof services === 'function' ? services() : services)!;
  // Lifecycle events (follow.accepted / removed) go through the container's jobs port, read at each call.
  const jobs = forwardingLifecycleJobs(() => servicesNow().jobs);
  const moderation = new Moderation(deps.db, deps.clock, deps.publish, deps.settings.federation.hotCacheSeconds, jobs);
  const follows = new Follows({ db: deps.db, clock: deps.clock, log: deps.log, publicUrl, remoteActors, publish: deps.publish, jobs });
  // The ActorsPort resolves remote handles and federates profile updates through what is made here.
  if (deps.actors) {
    const publishUpdate = (actorId: string, tx: Executor) => servicesNow().federation.publishActorUpdate(actorId, { tx });
    connectActorsToFederation(deps.actors, actorsFederationLink(remoteActors, publicUrl, publishUpdate));
  }
  const inbox = new ActivityProcessor({
    db: deps.db,
    settings: deps.settings,
    publicUrl,
    log: deps.log,
    clock: deps.clock,
    remoteActors,
    follows,
    moderation,
    objectHandlers: deps.objectHandlers ?? objectHandlersOf(deps.plugins ?? []),
    verbs: inboxVerbs(declaredVerbsOf(deps.plugins ?? [])),
    jobs,
    services: () => (typeof services === 'function' ? services() : services),
    ...(deps.groups ? { groups: deps.groups } : {}),
  });
  return { remoteActors, follows, moderation, inbox };
}

/** The inbox verbs each plugin declares (`federation.verbs`). */
function declaredVerbsOf(plugins: NonNullable<InboxDeps['plugins']>): Array<{ pluginId: string; verbs: readonly string[] }> {
  return plugins.map((entry) => ('plugin' in entry ? entry.plugin : entry)).map((plugin) => ({ pluginId: plugin.id, verbs: plugin.federation?.verbs ?? [] }));
}

/**
 * POST /actors/:username/inbox and POST /inbox, in a Fastify context of their own whose body parser
 * keeps the raw bytes (the digest is checked on them) under federation.inboxBodyLimitBytes.
 */
export async function registerInbox(app: FastifyInstance, deps: InboxDeps): Promise<FederationCore> {
  const core = createFederationCore(deps);
  deps.container?.register({ federationCore: asValue(core) });
  const bodyLimit = deps.settings.federation.inboxBodyLimitBytes;
  const scheme = new URL(deps.publicUrl).protocol;
  const fallbackHost = new URL(deps.publicUrl).host;
  const log = deps.log.child({ module: 'federation.inbox' });

  await app.register(async (inbox) => {
    // Fastify's per-request child logger is made only if a line is written: the inbox writes its own.
    inbox.setChildLoggerFactory(lazyRequestLogger);
    inbox.removeAllContentTypeParsers();
    // Every content type is read as bytes; the handler answers 415 for those it does not take.
    inbox.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    inbox.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const reason = `the body is over the inbox limit of ${bodyLimit} bytes`;
        log.info({ status: 413, outcome: 'refused', reason, url: request.url }, `inbox refused: ${reason}`);
        return reply.status(413).send({ statusCode: 413, error: 'Payload Too Large', message: reason });
      }
      // The rate limiter's refusal is a plain object with its status, not an Error: send it as it is.
      if (error.statusCode === 429) return reply.status(429).send(error);
      throw error;
    });

    const handle = (recipientUsername?: string) => async (request: FastifyRequest, reply: FastifyReply) => {
      // The checks wait one turn of the event loop: database replies already in are read first, so
      // an open transaction's round trips are not held behind the work of requests that just came in
      // (under load its BEGIN took half as long, and more activities were accepted; docs/decisions.md).
      await nextTurn();
      const host = request.headers.host ?? fallbackHost;
      const outcome = await core.inbox.receive({
        url: `${scheme}//${host}${request.raw.url ?? request.url}`,
        headers: pairsOf(request.raw.rawHeaders),
        contentType: request.headers['content-type'],
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        requestId: String(request.id),
        ...(recipientUsername !== undefined ? { recipientUsername } : {}),
      });
      return send(reply, outcome);
    };
    const config = {
      // A big server delivers from few addresses; its inbox traffic gets a limit of its own. Servers
      // read the 429 and its Retry-After, not the x-ratelimit-* headers a 202 would otherwise carry.
      rateLimit: {
        max: deps.settings.federation.inboxRateLimitPerMinute,
        timeWindow: 60_000,
        addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      },
      // Servers post here, not browsers: no CORS headers to work out.
      cors: false,
    };
    // The inbox writes one line per activity itself (its outcome and reason, with the request id);
    // Fastify's "request completed" line would only repeat it, and is kept for warnings and errors.
    const logLevel = 'warn';
    inbox.post('/inbox', { bodyLimit, config, logLevel }, handle());
    inbox.post('/actors/:username/inbox', { bodyLimit, config, logLevel }, async (request, reply) =>
      handle((request.params as { username: string }).username)(request, reply),
    );
  });
  return core;
}

function send(reply: FastifyReply, outcome: InboxOutcome) {
  if (outcome.status === 202) return reply.status(202).send();
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 503: 'Service Unavailable' }[outcome.status];
  if (outcome.retryAfterSeconds !== undefined) reply.header('retry-after', String(outcome.retryAfterSeconds));
  return reply.status(outcome.status).send({ statusCode: outcome.status, error, message: outcome.reason });
}

function pairsOf(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}
