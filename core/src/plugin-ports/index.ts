/**
 * The ports core gives each plugin for itself (sdk: scheduler, secrets, http, pubsub, lifecycle, and
 * its bound logger), made once per plugin id. The kernel registers `jobs` as `core.<name>` and
 * `schedules` likewise, and calls close() at shutdown, before the jobs and the database stop.
 */
import type { Kysely } from 'kysely';
import type {
  Clock,
  InstanceSettings,
  JobDefinition,
  JobSchedule,
  JobsPort,
  LifecyclePort,
  Logger,
  OutboundHttp,
  PubSubPort,
  SchedulerPort,
  SecretsPort,
} from '@commonplace/sdk/internal';
import { FetchLimiter, fetchConcurrencyFrom } from '../federation/fetch/fetch-limiter.js';
import { userAgentFor } from '../federation/fetch/fetch-remote.js';
import type { PinnedGet, PinnedResponse } from '../federation/fetch/pinned-get.js';
import type { HostResolver } from '../federation/fetch/resolve-host.js';
import { pluginHttp } from './http/plugin-http.js';
import { ShutdownListeners } from './lifecycle.js';
import { ChannelHub } from './pubsub/channel-hub.js';
import { pluginPubSub } from './pubsub/plugin-pubsub.js';
import { inProcessTransport, redisTransport } from './pubsub/transports.js';
import { pluginScheduler } from './scheduler/plugin-scheduler.js';
import { ScheduleRows } from './scheduler/schedule-rows.js';
import { PLUGIN_SCHEDULES_TICK_JOB, tickJob } from './scheduler/tick-job.js';
import { pluginSecrets } from './secrets/plugin-secrets.js';
import { loadSecretsKey } from './secrets/secrets-key.js';
import type { PluginPortTables } from './tables.js';

export { PLUGIN_SCHEDULES_TICK_JOB } from './scheduler/tick-job.js';
export { decodeSecretsKey, SECRETS_KEY_FILE } from './secrets/secrets-key.js';

export interface PluginPortsDeps {
  db: Kysely<any>;
  jobs: Pick<JobsPort, 'enqueue'>;
  settings: InstanceSettings;
  clock: Clock;
  log: Logger;
  /** The instance's public URL, named in the User-Agent of outbound requests. */
  publicUrl: string;
  /** Whether plugin `pluginId` registered job `job` (without its prefix): a schedule may name only such a job. */
  jobExists(pluginId: string, job: string): boolean;
  /** Redis for pub/sub across processes; default `settings.redis.url`; none: in process. */
  redisUrl?: string;
  /** Core's per-process fetch caps, when the kernel shares one limiter; default: one of the plugins' own. */
  fetchLimiter?: FetchLimiter;
  /** Tests: host name resolution and the pinned request sender of the SSRF guard. */
  resolver?: HostResolver;
  transport?: (request: PinnedGet) => Promise<PinnedResponse>;
  /** Before `<plugin-id>:` in Redis channel names, so instances sharing a Redis do not hear each other. Default `commonplace:`. */
  channelPrefix?: string;
  /** NODE_ENV as the secrets key's rules read it; default process.env.NODE_ENV. */
  nodeEnv?: string | undefined;
}

/** What one plugin gets: the view exposes these under the sdk's names. */
export interface PluginScopedPorts {
  scheduler: SchedulerPort;
  secrets: SecretsPort;
  http: OutboundHttp;
  pubsub: PubSubPort;
  lifecycle: LifecyclePort;
  log: Logger;
}

export interface PluginPorts {
  /** The same object for the same id, every time. */
  forPlugin(pluginId: string): PluginScopedPorts;
  /** Register as `core.<name>`. */
  jobs: Record<string, JobDefinition>;
  /** Schedule as `core.<job>` (the tick of plugin schedules, every scheduler.tickMs). */
  schedules: JobSchedule[];
  /** Runs the plugins' shutdown listeners (each once): the kernel calls it first at shutdown, while HTTP, jobs and the database still run. */
  runShutdownListeners(): Promise<void>;
  /** Runs the plugins' shutdown listeners not run yet, then closes the pub/sub connections. Idempotent. */
  close(): Promise<void>;
}

export function createPluginPorts(deps: PluginPortsDeps): PluginPorts {
  const { settings, clock, log } = deps;
  const db = deps.db as Kysely<PluginPortTables>;
  const rows = new ScheduleRows(db);
  const portsLog = log.child({ component: 'plugin-ports' });

  // The key is looked for when a secret is first used; a failure (no SECRETS_KEY in production) is not kept, so fixing the environment and retrying works.
  let key: Promise<Buffer> | undefined;
  const secretsKey = () => (key ??= loadSecretsKey({ settings, log: portsLog, ...('nodeEnv' in deps ? { nodeEnv: deps.nodeEnv } : {}) }).catch((error) => {
    key = undefined;
    throw error;
  }));

  const limiter = deps.fetchLimiter ?? new FetchLimiter(fetchConcurrencyFrom(settings.federation));
  const hub = new ChannelHub(portsLog);
  const redisUrl = deps.redisUrl ?? settings.redis.url;
  const transport = redisUrl ? redisTransport(redisUrl, hub, portsLog) : inProcessTransport(hub);
  const shutdown = new ShutdownListeners();
  const made = new Map<string, PluginScopedPorts>();

  const forPlugin = (pluginId: string): PluginScopedPorts => {
    const existing = made.get(pluginId);
    if (existing) return existing;
    const ports: PluginScopedPorts = {
      scheduler: pluginScheduler(pluginId, { rows, clock, settings: settings.scheduler, jobExists: deps.jobExists }),
      secrets: pluginSecrets(pluginId, { db, clock, key: secretsKey, maxValueBytes: settings.secrets.maxValueBytes }),
      http: pluginHttp(pluginId, {
        federation: settings.federation,
        limiter,
        userAgent: userAgentFor(deps.publicUrl),
        ...(deps.resolver ? { resolver: deps.resolver } : {}),
        ...(deps.transport ? { transport: deps.transport } : {}),
      }),
      pubsub: pluginPubSub(pluginId, { hub, transport, channelPrefix: deps.channelPrefix ?? 'commonplace:', maxMessageBytes: settings.pubsub.maxMessageBytes }),
      lifecycle: shutdown.forPlugin(pluginId),
      log: log.child({ plugin: pluginId }),
    };
    made.set(pluginId, ports);
    return ports;
  };

  let closing: Promise<void> | undefined;
  return {
    forPlugin,
    jobs: {
      [PLUGIN_SCHEDULES_TICK_JOB]: tickJob({ db, rows, jobs: deps.jobs, clock, log: portsLog, settings: settings.scheduler, jobExists: deps.jobExists }),
    },
    schedules: [{ job: PLUGIN_SCHEDULES_TICK_JOB, everyMs: settings.scheduler.tickMs }],
    runShutdownListeners: () => shutdown.run(portsLog, settings.http.shutdownGraceMs),
    close: () =>
      (closing ??= (async () => {
        await shutdown.run(portsLog, settings.http.shutdownGraceMs);
        await transport.close();
      })()),
  };
}
