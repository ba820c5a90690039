/**
 * The plugin test harness: boots a real instance (PGlite in memory, or PostgreSQL in a fresh schema
 * when DATABASE_URL is set) with the plugins under test, and drives it through GraphQL and HTTP.
 *
 *   const instance = await createTestInstance({ plugins: [myPlugin] });
 *   const alice = await instance.signUp('alice');
 *   const { data } = await instance.graphql('{ me { username } }', {}, { as: alice });
 *   const response = await deliverSigned(instance, { type: 'Create', object: note }); // from a fake remote actor
 *
 * Two instances over real HTTP: `createListeningTestInstance` each, and `waitFor` what one sends to reach the other.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { InstanceSettingsInput, PluginEntry } from '../instance.js';
import type { Role } from '../ports/actors.js';
import type { Clock } from '../ports/clock.js';
import type { Services, SettingsOf } from '../ports/services.js';
import type { PluginContext } from '../plugin.js';

export { ManualClock } from './manual-clock.js';
export { freePort, waitFor, type WaitForOptions } from './network.js';

export interface TestUser {
  token: string;
  accountId: string;
  actorId: string;
  username: string;
}

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: Array<{ message: string; path?: readonly (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestInstanceOptions {
  plugins?: readonly PluginEntry[];
  settings?: InstanceSettingsInput;
  name?: string;
  /** A clock the test controls; defaults to the system clock. */
  clock?: Clock;
  /** Start job workers (default true). */
  jobs?: boolean;
}

export interface TestInstance {
  /** POST /graphql; `as` is a user from signUp/createUser, or a raw bearer token. */
  graphql<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: TestUser | string },
  ): Promise<GraphQLResponse<Data>>;
  /** Fastify's inject: an HTTP request without an open port. */
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** The root container's services. */
  services: Services;
  /**
   * A plugin's view of the instance, as its services and callbacks get it (core's ports, its own
   * services, its dependencies' exports): `instance.viewOf<LinksServices>('links')`.
   */
  viewOf<S = Services>(pluginId: string): S;
  /** What a plugin's `onBoot`, `routes` and `seedDemo` get beside its view (its id, settings, `services(request)`). */
  pluginContext<S = Services>(pluginId: string): PluginContext<SettingsOf<S>, S>;
  /** Signs up a user through the API (and gives them a role, if asked). */
  signUp(username: string, options?: { role?: Role; password?: string }): Promise<TestUser>;
  /** Makes a user as the command line does, whatever the sign-up mode, and logs them in. */
  createUser(username: string, options?: { role?: Role; password?: string }): Promise<TestUser>;
  /**
   * Opens the instance's port (pass `settings: { port, publicUrl, federation: { allowPrivateAddresses: true } }`)
   * so other instances or peers can reach it over HTTP, for federation tests; resolves with the address.
   * `createListeningTestInstance` does all of that.
   */
  listen(): Promise<string>;
  /** Runs every job that is due now, until none is left (for tests of job effects). */
  drainJobs(): Promise<void>;
  close(): Promise<void>;
}

export async function createTestInstance(options: TestInstanceOptions = {}): Promise<TestInstance> {
  // Resolved at run time so the sdk has no build-time dependency on core (core depends on the sdk).
  const core = (await import('@commonplace/core/testing')) as {
    createTestInstance(options: TestInstanceOptions): Promise<TestInstance>;
  };
  return core.createTestInstance(options);
}

/**
 * A test instance other servers can reach over HTTP, for tests between two instances: booted on a
 * free port of 127.0.0.1 with that address as its public URL and `federation.allowPrivateAddresses`
 * on (the options' settings apply over those, except the port and public URL), and listening.
 */
export async function createListeningTestInstance(options: TestInstanceOptions = {}): Promise<TestInstance> {
  const core = (await import('@commonplace/core/testing')) as {
    createListeningTestInstance(options: TestInstanceOptions): Promise<TestInstance>;
  };
  return core.createListeningTestInstance(options);
}

/** A fake fediverse actor on a local HTTP server of its own, with a key pair it signs deliveries with. */
export interface RemoteActor {
  /** Its URI, `http://127.0.0.1:<port>/users/<username>` (the username percent-encoded). */
  id: string;
  /** `<id>#main-key`, the keyId of its signatures. */
  keyId: string;
  username: string;
  /** `@username@127.0.0.1:<port>`. */
  handle: string;
  /** `http://127.0.0.1:<port>`, where its server answers. */
  origin: string;
  /** The actor document its server serves at `id`. */
  document: Record<string, unknown>;
  publicKeyPem: string;
  privateKeyPem: string;
  /** A new URI on its server, for an activity's or an object's id (`<origin>/<kind>/<uuid>`). */
  newId(kind?: string): string;
  /** Serves a document at a path of its server (an object the instance will fetch); returns its URL. */
  serve(path: string, body: unknown): string;
  close(): Promise<void>;
}

export interface RemoteActorOptions {
  username?: string;
  /** Its ActivityStreams type (default `Person`; `Group`, `Service`...). */
  type?: string;
  name?: string;
  /** More properties of its actor document. */
  document?: Record<string, unknown>;
}

export interface DeliverSignedOptions {
  /** The sender (default: one fake actor per instance, made on the first delivery). */
  from?: RemoteActor;
  /** A local username whose inbox receives it (default: the shared inbox, `/inbox`). */
  to?: string;
  /** How to sign (default draft-cavage, as Mastodon signs). */
  signature?: 'draft-cavage' | 'rfc9421';
  /** The signature's time (default the instance's clock). */
  clock?: Clock;
}

/** Makes a fake remote actor (its own server on 127.0.0.1 and its key pair), to send with `deliverSigned`. */
export async function createRemoteActor(options: RemoteActorOptions = {}): Promise<RemoteActor> {
  const core = (await import('@commonplace/core/testing')) as { createRemoteActor(options: RemoteActorOptions): Promise<RemoteActor> };
  return core.createRemoteActor(options);
}

/**
 * Delivers an activity, signed by a remote actor, to the instance's inbox as a peer would, and answers
 * the inbox's response (202 when accepted). The instance checks the signature by fetching the actor's
 * document, so boot it with `settings: { federation: { allowPrivateAddresses: true } }`. Missing `id`
 * and `actor` are filled in (a new id on the sender's server; the sender).
 */
export async function deliverSigned(
  instance: TestInstance,
  activity: Record<string, unknown>,
  options: DeliverSignedOptions = {},
): Promise<LightMyRequestResponse> {
  const core = (await import('@commonplace/core/testing')) as {
    deliverSigned(instance: TestInstance, activity: Record<string, unknown>, options: DeliverSignedOptions): Promise<LightMyRequestResponse>;
  };
  return core.deliverSigned(instance, activity, options);
}
