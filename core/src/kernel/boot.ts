import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger as PinoLogger } from 'pino';
import type {
  Clock,
  ConfigPort,
  InstanceDefinition,
  InstanceSettings,
  InstanceSettingsInput,
  PluginContext,
} from '@commonplace/sdk/internal';
import { mergeSettings, parseInstanceSettings, publicUrlOf, settingsFromEnvironment } from '../config/load-settings.js';
import { connectDatabase, type DatabaseHandle } from '../database/connect.js';
import type { EmbeddedCompiler } from '../database/wasm-compiler.js';
import { migrateAll } from '../database/migrate.js';
import { coreMigrations } from '../database/migrations/index.js';
import { createRootContainer, resolverContainerFor } from '../container/create-container.js';
import type { CoreServices } from '../container/core-cradle.js';
import { createHttpApp } from '../http/create-http-app.js';
import { requestScopePlugin } from '../http/request-scope.js';
import { healthRoutes } from '../http/health-routes.js';
import { refuseControlCharactersInRequests } from '../http/control-characters.js';
import { registerFederationRoutes } from '../federation/routes.js';
import { countLocalPosts } from '../federation/discovery/usage-counts.js';
import { actorCollectionSources, createFederationPublisher, createGroupAnnouncer, deliveryJobs, type DeliveryJobsDeps } from '../federation/outbox/index.js';
import { objectHandlersOf, registerInbox } from '../federation/inbox/index.js';
import { actorRepliesOf, claimActorReplies } from '../federation/documents/index.js';
import { servicesInTransaction } from '../federation/services-in-transaction.js';
import { signedFetchVerifier } from '../federation/signatures/signed-fetch.js';
import { remoteActorJobs } from '../federation/remote-actors/index.js';
import { inboxSeenJobs } from '../federation/inbox/seen-purge.js';
import { federationResolvers } from '../federation/graphql/index.js';
import { mountWebFrontEnd } from './web-wiring.js';
import { registerFederatedSearch } from '../search/federated/index.js';
import { buildInstanceSchema } from '../graphql/build-schema.js';
import { registerGraphQL } from '../graphql/register-graphql.js';
import { createIdempotencyModule } from '../graphql/idempotency/index.js';
import { coreGraphQL, type InstanceFacts } from '../graphql/core-resolvers.js';
import type { JobsBackend, JobsBackendOptions } from '../jobs/backend.js';
import { InProcessJobs } from '../jobs/in-process.js';
import { createAccountsModule, type AccountsModule } from '../accounts/index.js';
import { createSearchModule } from '../search/module.js';
import { createPluginPorts } from '../plugin-ports/index.js';
import { createLogger } from '../runtime/logger.js';
import { systemClock } from '../runtime/clock.js';
import { BootError } from './boot-error.js';
import { bootPhases } from './boot-phases.js';
import { resolvePlugins, type EnabledPlugin } from './resolve-plugins.js';
import { viewInTransaction, type PluginView, type PluginViews } from './plugin-view.js';
import { pluginActorFields } from '../federation/documents/actor-fields.js';
import { withPluginViews } from './plugin-callbacks.js';
import { registerLifecycleJobs } from './lifecycle-delivery.js';
import { exportAccountData, type AccountDataArchive } from './account-export.js';
import {
  bootPlugins,
  closePlugins,
  mountPluginRoutes,
  pluginAuthenticators,
  pluginContextOf,
  registerPluginJobs,
  resolverOwners,
  wirePluginViews,
} from './plugin-wiring.js';

export interface BootOptions {
  /** Settings that win over the instance file and the environment (the CLI's --port, tests). */
  overrides?: InstanceSettingsInput;
  /** Read PORT, DATABASE_URL... from the environment (default true). */
  useEnvironment?: boolean;
  clock?: Clock;
  logger?: PinoLogger;
  /** What this process does: serve HTTP and run jobs (web), or only run jobs (worker). */
  role?: 'web' | 'worker';
  /**
   * How V8 compiles PGlite's WebAssembly in this process (default `optimizing`, V8's own). The CLI
   * asks for `baseline`: a faster start and about 50 MB less for a server (see database/wasm-compiler.ts).
   */
  embeddedCompiler?: EmbeddedCompiler;
  /** Tests only: delivery through a fake resolver or transport, or with other limits. */
  deliveryHooks?: Pick<DeliveryJobsDeps, 'overrides' | 'resolver' | 'transport'>;
}

export interface RunningInstance {
  definition: InstanceDefinition;
  settings: InstanceSettings;
  publicUrl: string;
  plugins: readonly EnabledPlugin[];
  app: FastifyInstance;
  container: AwilixContainer<CoreServices>;
  /** Core's cradle (core's internals and every plugin's services): for core's code and tests. */
  services: CoreServices & Record<string, unknown>;
  /** Each plugin's views of the container. */
  pluginViews: PluginViews;
  /** What a plugin's callbacks get: its view of the root container. */
  viewOf(pluginId: string): PluginView;
  /** What a plugin's `onBoot`, `routes` and `seedDemo` get beside its view. */
  pluginContext(pluginId: string): PluginContext<unknown, any>;
  /** Each plugin's `accountData.export` for the account, by plugin id (account-export.ts). */
  exportAccountData(accountId: string): Promise<AccountDataArchive>;
  jobs: JobsBackend;
  accounts: AccountsModule;
  database: DatabaseHandle;
  /** Listen on the configured host and port; resolves with the address. */
  listen(): Promise<string>;
  /**
   * Graceful: in-flight requests finish (for at most http.shutdownGraceMs), then running jobs
   * (as long again, after which they are released for another process), then connections close.
   */
  close(): Promise<void>;
}

/** The settings an instance boots with: its file's, then the environment's, then the caller's overrides. */
export function instanceSettingsOf(definition: InstanceDefinition, options: Pick<BootOptions, 'overrides' | 'useEnvironment'> = {}): InstanceSettings {
  return parseInstanceSettings(
    mergeSettings(definition.settings ?? {}, options.useEnvironment === false ? {} : settingsFromEnvironment(), options.overrides ?? {}),
  );
}

/**
 * Boots an instance: plugins ordered and checked, database migrated, services wired, GraphQL built,
 * HTTP routes mounted. Anything wrong stops here with a BootError naming its plugin.
 */
export async function bootInstance(definition: InstanceDefinition, options: BootOptions = {}): Promise<RunningInstance> {
  const phases = bootPhases();
  const plugins = await resolvePlugins(definition.plugins);
  const settings = instanceSettingsOf(definition, options);
  const publicUrl = publicUrlOf(settings);
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const role = options.role ?? 'web';

  const database = await connectDatabase({
    ...(settings.database.url ? { url: settings.database.url } : {}),
    dataDir: settings.database.dataDir,
    poolSize: settings.database.poolSize,
    embeddedSharedBuffersMb: settings.database.embeddedSharedBuffersMb,
    ...(options.embeddedCompiler ? { embeddedCompiler: options.embeddedCompiler } : {}),
    onIdleConnectionError: (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection was lost; the pool replaces it'),
  });
  phases.mark('database');
  // The container first: the closures below read it when they run, once it is filled.
  const container = createRootContainer();
  let views: PluginViews | undefined;
  const cleanups: Array<() => Promise<unknown>> = [
    () => database.close(),
    // After HTTP and jobs stopped, before the database: each plugin's onClose (reverse boot order),
    // the plugin ports, then the container's disposers (a plugin's pools, say).
    async () => {
      if (views) await closePlugins(plugins, views, logger);
      // Registered once boot got that far.
      if (container.hasRegistration('pluginPorts')) await container.cradle.pluginPorts.close();
      await container.dispose();
    },
  ];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => logger.warn({ err: error }, 'shutdown step failed'));
  };

  try {
    await migrateAll(database.db, [
      { owner: 'core', migrations: coreMigrations },
      ...plugins.map(({ plugin }) => ({ owner: plugin.id, migrations: plugin.migrations ?? {} })),
    ]);
    phases.mark('migrations');

    // Redis clients and BullMQ are loaded only when configured: an embedded instance starts faster without them.
    const redis = settings.redis.url ? new (await import('ioredis')).Redis(settings.redis.url, { maxRetriesPerRequest: 2 }) : undefined;
    if (redis) {
      // ioredis reconnects by itself; without a listener its 'error' would crash the process.
      redis.on('error', (error) => logger.warn({ err: error }, 'Redis connection error (rate-limit counters)'));
      cleanups.push(() => redis.quit());
    }

    const jobsOptions: JobsBackendOptions = {
      db: database.db,
      settings: settings.jobs,
      ...(settings.redis.url ? { redisUrl: settings.redis.url } : {}),
      log: logger,
      clock,
      dialect: database.dialect,
      shutdownGraceMs: settings.http.shutdownGraceMs,
    };
    const jobs = settings.redis.url
      ? (await import('../jobs/index.js')).createJobsBackend(jobsOptions)
      : new InProcessJobs(jobsOptions);
    cleanups.push(() => jobs.stop());

    const config: ConfigPort = {
      instance: settings,
      publicUrl,
      enabledPlugins: plugins.map((p) => p.plugin.id),
      plugin: <T>(id: string) => {
        const found = plugins.find((p) => p.plugin.id === id);
        if (!found) throw new Error(`plugin "${id}" is not enabled`);
        return found.settings as T;
      },
    };
    const accounts = createAccountsModule({ db: database.db, settings, clock, log: logger, publicUrl, lifecycle: jobs });
    const instanceFacts: InstanceFacts = {
      name: definition.name,
      description: definition.description ?? '',
      plugins: plugins.map(({ plugin }) => ({ id: plugin.id, version: plugin.version, description: plugin.description ?? null })),
    };

    // Plugins' fields for local actors' documents, each asked with its own view (bound to an Update's transaction).
    const actorFields = pluginActorFields(plugins, (id, tx) => (tx ? viewInTransaction(views!.of(id), tx) : views!.of(id)), logger);
    const federationPublisher = createFederationPublisher({
      db: database.db,
      jobs,
      clock,
      publicUrl,
      log: logger,
      // The federation core (registered by registerInbox below) fetches and caches through the SSRF guard.
      resolve: (iri) => container.cradle.federationCore.remoteActors.resolveObject(iri),
      hasActorReplies: async (actor, tx) =>
        // Core's cradle in the transaction: each plugin's handler gets its own view of it (withPluginViews).
        (await claimActorReplies(actorReplies, actor, () => servicesInTransaction(container.cradle, tx) as never)) !== null,
      ...(actorFields ? { actorFields } : {}),
    });
    container.register({
      db: asValue(database.db),
      log: asValue(logger),
      clock: asValue(clock),
      config: asValue(config),
      jobs: asValue(jobs),
      actors: asValue(accounts.actors),
      accounts: asValue(accounts.service),
      viewer: asValue(null),
      instanceFacts: asValue(instanceFacts),
      // The outbox: publish() writes in the caller's transaction; delivery jobs run after commit.
      federation: asValue(federationPublisher),
    });
    // Each plugin's scheduler, secrets, outbound HTTP, pub/sub and lifecycle, and the accounts port: its view names them.
    const pluginPorts = createPluginPorts({
      db: database.db,
      jobs,
      settings,
      clock,
      log: logger,
      publicUrl,
      jobExists: (pluginId, job) => plugins.some(({ plugin }) => plugin.id === pluginId && plugin.jobs?.[job] !== undefined),
    });
    container.register({ pluginPorts: asValue(pluginPorts), accountsPort: asValue(accounts.ports) });
    for (const [name, definition] of Object.entries(pluginPorts.jobs)) jobs.register(`core.${name}`, definition);
    views = wirePluginViews(container, plugins, { settings, publicUrl, instanceName: definition.name }, logger);
    const pluginViews = views;
    // Core's federation and search code call each plugin's handlers with that plugin's view.
    const viewedPlugins = withPluginViews(plugins, pluginViews);
    const objectHandlers = objectHandlersOf(viewedPlugins);
    const actorReplies = actorRepliesOf(objectHandlers);

    const search = await createSearchModule({ db: database.db, settings, jobs, clock, log: logger, plugins: viewedPlugins.map((p) => p.plugin), services: () => container.cradle });
    cleanups.push(() => search.close());
    container.register(search.registrations as never);
    registerPluginJobs(jobs, plugins, pluginViews);
    registerLifecycleJobs(jobs, plugins, pluginViews, logger);
    for (const [name, definition] of Object.entries(accounts.jobs)) jobs.register(`core.${name}`, definition);
    for (const [name, definition] of Object.entries(
      deliveryJobs({ db: database.db, jobs, clock, log: logger, publicUrl, keys: accounts.keys, settings, ...options.deliveryHooks }),
    )) {
      jobs.register(`core.${name}`, definition);
    }
    // The scheduled refresh of cached remote actors (hourly, a bounded batch per run).
    const remoteActorRefresh = remoteActorJobs(() => container.cradle.federationCore.remoteActors);
    for (const [name, definition] of Object.entries(remoteActorRefresh.jobs)) jobs.register(`core.${name}`, definition);
    // The purge of the inbox's dedupe rows past the signature window (every 15 minutes).
    const inboxSeenPurge = inboxSeenJobs({ db: database.db, clock, settings, log: logger });
    for (const [name, definition] of Object.entries(inboxSeenPurge.jobs)) jobs.register(`core.${name}`, definition);
    for (const [name, definition] of Object.entries(search.jobs)) jobs.register(name, definition);
    const idempotency = createIdempotencyModule({ db: database.db, clock, ttlSeconds: settings.graphql.idempotencyKeyTtlSeconds, log: logger });
    for (const [name, definition] of Object.entries(idempotency.jobs)) jobs.register(`core.${name}`, definition);
    phases.mark('services');

    const schema = await buildInstanceSchema({
      core: coreGraphQL(accounts, [...federationResolvers(), ...search.resolvers]),
      plugins: plugins.map((p) => p.plugin),
      container: resolverContainerFor(resolverOwners(plugins)) as never,
    });
    phases.mark('graphqlSchema');

    const authenticators = pluginAuthenticators(plugins, pluginViews);
    const allowedHeaders = authenticators.flatMap((authenticator) => authenticator.corsHeaders ?? authenticator.headers);
    const app = await createHttpApp({ settings, logger, allowedHeaders, ...(redis ? { redis } : {}) });
    refuseControlCharactersInRequests(app);
    cleanups.push(() => closeHttp(app, settings.http.shutdownGraceMs));
    // First of all (the steps run last pushed first): the plugins' shutdown listeners, while HTTP,
    // search, the jobs and the database still run, as the sdk's LifecyclePort promises.
    cleanups.push(() => pluginPorts.runShutdownListeners());
    await app.register(requestScopePlugin, {
      root: container as never,
      authenticate: accounts.authenticate,
      plugins: { authenticators, viewerForAccount: accounts.viewerForAccount },
    });
    await registerGraphQL(app, schema, settings.graphql, logger, idempotency.store);
    phases.mark('http');
    await search.prepare();
    phases.mark('searchPrepare');
    const readinessChecks = { database: database.ping, jobs: () => jobs.ping(), search: () => search.engine.isAvailable() };
    // The admin overview runs the same checks (core/src/graphql/admin-resolvers.ts).
    container.register({ readinessChecks: asValue(readinessChecks) });
    await healthRoutes(app, readinessChecks);
    await registerFederationRoutes(app, {
      db: database.db,
      settings,
      publicUrl,
      actors: accounts.actors,
      log: logger,
      clock,
      definition: { name: definition.name, description: definition.description ?? null },
      enabledPlugins: instanceFacts.plugins,
      countLocalPosts: async () => {
        const unpublished = plugins.map(({ plugin }) => plugin.nodeInfo?.unpublishedLocalPosts?.(pluginViews.of(plugin.id)) ?? 0);
        return (await countLocalPosts(database.db)) + (await Promise.all(unpublished)).reduce((sum, count) => sum + count, 0);
      },
      actorCollections: actorCollectionSources(database.db),
      objectHandlers,
      ...(actorFields ? { actorFields } : {}),
      // The web front end's profile page serves /@<username> (and sends servers to the actor).
      profilePages: false,
      // The federation core (made by registerInbox below) resolves the keys of signed GETs.
      isSignedFetch: signedFetchVerifier({ remoteActors: () => container.cradle.federationCore.remoteActors, settings, clock, publicUrl }),
    });
    await registerInbox(app, {
      db: database.db,
      settings,
      publicUrl,
      log: logger,
      clock,
      actors: accounts.actors,
      keys: accounts.keys,
      plugins: viewedPlugins,
      services: () => container.cradle as never,
      container,
      // Read from the container at each call, so tests can put a recorder in its place.
      publish: (activity, audience, publishOptions) => container.cradle.federation.publish(activity, audience, publishOptions),
      // FEP-1b12: a local group addressed by a remote activity announces it to its followers, in the inbox's transaction.
      groups: createGroupAnnouncer(federationPublisher),
    });
    await registerFederatedSearch(app, { container: container as never, settings, publicUrl, log: logger, clock, jobs, plugins: viewedPlugins });
    pluginViews.assertNoneTakenByCore();
    await mountWebFrontEnd(app, {
      schema,
      plugins,
      settings,
      publicUrl,
      instanceName: instanceFacts.name,
      log: logger,
      authenticate: accounts.authenticate,
    });
    await mountPluginRoutes(app, plugins, pluginViews);
    await app.ready();
    phases.mark('routes');

    await bootPlugins(plugins, pluginViews);
    for (const schedule of [...accounts.schedules, ...remoteActorRefresh.schedules, ...idempotency.schedules, ...inboxSeenPurge.schedules, ...pluginPorts.schedules]) {
      await jobs.schedule(`core.${schedule.job}`, schedule.everyMs, schedule.payload);
    }
    for (const schedule of search.schedules) await jobs.schedule(schedule.name, schedule.everyMs);
    for (const { plugin } of plugins) {
      for (const schedule of plugin.schedules ?? []) {
        await jobs.schedule(`${plugin.id}.${schedule.job}`, schedule.everyMs, schedule.payload);
      }
    }
    if (role === 'worker' || settings.jobs.runInWebProcess) await jobs.start();
    phases.mark('jobs');
    logger.info(phases.summary(), 'instance booted');

    let closing: Promise<void> | undefined;
    return {
      definition,
      settings,
      publicUrl,
      plugins,
      app,
      container,
      services: container.cradle as CoreServices & Record<string, unknown>,
      pluginViews,
      viewOf: (pluginId) => pluginViews.of(pluginId),
      pluginContext: (pluginId) => {
        const enabled = plugins.find(({ plugin }) => plugin.id === pluginId);
        if (!enabled) throw new Error(`plugin "${pluginId}" is not enabled`);
        return pluginContextOf(pluginViews, enabled);
      },
      exportAccountData: (accountId) => exportAccountData({ db: database.db, plugins, views: pluginViews, log: logger }, accountId),
      jobs,
      accounts,
      database,
      listen: () => app.listen({ port: settings.port, host: settings.host }),
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Stops accepting requests and waits for those in flight, for at most the grace period; then cuts them off. */
async function closeHttp(app: FastifyInstance, graceMs: number): Promise<void> {
  const cutOff = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
}
