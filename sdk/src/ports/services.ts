import type { AccountsPort } from './accounts.js';
import type { ActorsPort, Viewer } from './actors.js';
import type { Clock } from './clock.js';
import type { PluginConfig } from './config.js';
import type { Database } from './db.js';
import type { FederationPort } from './federation.js';
import type { JobsPort } from './jobs.js';
import type { LifecyclePort } from './lifecycle.js';
import type { Logger } from './log.js';
import type { OutboundHttp } from './outbound-http.js';
import type { PubSubPort } from './pubsub.js';
import type { SchedulerPort } from './scheduler.js';
import type { SearchPort } from './search.js';
import type { SecretsPort } from './secrets.js';

/**
 * What core offers every plugin, typed with the plugin's own tables and settings. A plugin names its
 * services once, as this plus its own and what the plugins it depends on export to it:
 *
 *   export type Services = PluginServices<LinksTables, LinksSettings> & { links: LinkService };
 *   export default definePlugin<Services>({ id: 'links', ... });
 *
 * At run time a plugin's resolvers, services, handlers, jobs and routes get a view of the instance's
 * container holding exactly these names: asking for anything else (core's internals, another
 * plugin's services it does not depend on) throws.
 */
export interface PluginServices<Tables = {}, Settings = unknown> {
  /** The database, typed with the plugin's own tables (prefixed with its id). Inside an inbox handler, the inbox's transaction. */
  db: Database<Tables>;
  /** A logger already bound to `{ plugin: <id> }`. */
  log: Logger;
  clock: Clock;
  /** The instance's public facts and this plugin's own validated settings. */
  config: PluginConfig<Settings>;
  /** Durable jobs: `jobs.enqueue('<plugin-id>.<name>', payload, { tx })`. */
  jobs: JobsPort;
  /** Local and remote actors. */
  actors: ActorsPort;
  /** Publishing, follows and blocks, remote objects. */
  federation: FederationPort;
  /** The search index: every write of a searchable row calls `search.index` in its transaction. */
  search: SearchPort;
  /** Schedules this plugin adds, changes and removes at run time (cron or interval). */
  scheduler: SchedulerPort;
  /** Values encrypted at rest (API credentials), in this plugin's own namespace. */
  secrets: SecretsPort;
  /** Outbound HTTP through core's SSRF guard and limits: the only way a plugin calls another server. */
  http: OutboundHttp;
  /** Messages across processes (Redis when REDIS_URL is set, in process otherwise), on this plugin's channels. */
  pubsub: PubSubPort;
  /** Lifecycle events published by core, and the instance shutting down. */
  lifecycle: LifecyclePort;
  /** Passwords and tokens, for plugins that log people in (an OAuth server for a client API). */
  accounts: AccountsPort;
  /** Per request: the logged-in viewer, or null (a request with a bad token is refused with 401 before any handler). */
  viewer: Viewer | null;
}

/** The settings type a plugin's services carry. */
export type SettingsOf<S> = S extends { config: PluginConfig<infer Settings> } ? Settings : unknown;

/**
 * The names every plugin's view holds, whatever it declares: core's ports. Core checks at boot that a
 * plugin's own services take none of them.
 */
export const CORE_PORT_NAMES = [
  'db',
  'log',
  'clock',
  'config',
  'jobs',
  'actors',
  'federation',
  'search',
  'scheduler',
  'secrets',
  'http',
  'pubsub',
  'lifecycle',
  'accounts',
  'viewer',
] as const satisfies readonly (keyof PluginServices)[];

/**
 * Core's ports with untyped tables and settings: what code shared by several owners (the harness, a
 * test fixture) may take. A plugin types its own: `PluginServices<Tables, Settings> & { ... }`; nothing
 * augments this interface (an architecture test fails on a `declare module` that does).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services extends PluginServices<any, any> {}
