/**
 * The plugin test harness: boots a real instance (PGlite in memory, or PostgreSQL in a fresh schema
 * when DATABASE_URL is set) with the plugins under test, and drives it through GraphQL and HTTP.
 *
 *   const instance = await createTestInstance({ plugins: [myPlugin] });
 *   const alice = await instance.signUp('alice');
 *   const { data } = await instance.graphql('{ me { username } }', {}, { as: alice });
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { InstanceSettingsInput, PluginEntry } from '../instance.js';
import type { Role } from '../ports/actors.js';
import type { Clock } from '../ports/clock.js';
import type { Services } from '../ports/services.js';

export { ManualClock } from './manual-clock.js';

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
  /** Signs up a user through the API (and gives them a role, if asked). */
  signUp(username: string, options?: { role?: Role; password?: string }): Promise<TestUser>;
  /** Makes a user as the command line does, whatever the sign-up mode, and logs them in. */
  createUser(username: string, options?: { role?: Role; password?: string }): Promise<TestUser>;
  /**
   * Opens the instance's port (pass `settings: { port, publicUrl, federation: { allowPrivateAddresses: true } }`)
   * so other instances or peers can reach it over HTTP, for federation tests; resolves with the address.
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
