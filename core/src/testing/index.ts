import { pino } from 'pino';
import type { InjectOptions } from 'fastify';
import type { InstanceSettingsInput, PluginContext, SettingsOf } from '@commonplace/sdk/internal';
import { freePort, type GraphQLResponse, type TestInstance, type TestInstanceOptions, type TestUser } from '@commonplace/sdk/testing';
import { bootInstance, type BootOptions, type RunningInstance } from '../kernel/boot.js';
import { mergeSettings } from '../config/load-settings.js';
import { createScratchDatabase } from './scratch-database.js';

export { createRemoteActor, deliverSigned } from './remote-actor.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface CoreTestInstance extends TestInstance {
  /** The booted instance, for tests of core itself. */
  running: RunningInstance;
}

/**
 * Boots a real instance for a test: PGlite in memory, or PostgreSQL in a schema of its own when
 * DATABASE_URL is set; jobs in-process; no port opened (drive it with inject()).
 */
export async function createTestInstance(
  options: TestInstanceOptions & { deliveryHooks?: BootOptions['deliveryHooks'] } = {},
): Promise<CoreTestInstance> {
  const postgresUrl = process.env.DATABASE_URL;
  const scratch = postgresUrl ? await createScratchDatabase(postgresUrl) : undefined;
  const testDefaults: InstanceSettingsInput = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'http://localhost.test',
    database: scratch ? { url: scratch.url, poolSize: 4 } : { dataDir: 'memory://' },
    jobs: { pollIntervalMs: 25, runInWebProcess: options.jobs ?? true },
    // Tests sign up and log in far faster, and from one address, than people do.
    http: { rateLimit: { max: 100_000, windowMs: 60_000 } },
    auth: { signUpsPerAddress: 100_000 },
  };
  let running: RunningInstance;
  try {
    running = await bootInstance(
      { name: options.name ?? 'Test instance', description: 'An instance booted by a test.', plugins: options.plugins ?? [] },
      {
        useEnvironment: false,
        overrides: mergeSettings(testDefaults, options.settings ?? {}),
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.deliveryHooks ? { deliveryHooks: options.deliveryHooks } : {}),
      },
    );
  } catch (error) {
    await scratch?.drop();
    throw error;
  }

  const graphql = async <Data>(query: string, variables: Record<string, unknown> = {}, opts: { as?: TestUser | string } = {}) => {
    const token = typeof opts.as === 'string' ? opts.as : opts.as?.token;
    const response = await running.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: { query, variables },
    });
    return response.json() as GraphQLResponse<Data>;
  };

  return {
    running,
    // Core's cradle, every plugin's services included (a plugin's own view: running.viewOf(id)).
    services: running.services as unknown as TestInstance['services'],
    // A view is typed by the plugin that reads it (its services type); the kernel made it for that plugin.
    viewOf: <S>(pluginId: string) => running.viewOf(pluginId) as unknown as S,
    pluginContext: <S>(pluginId: string) => running.pluginContext(pluginId) as unknown as PluginContext<SettingsOf<S>, S>,
    graphql,
    inject: (request: InjectOptions | string) => running.app.inject(request as InjectOptions),
    async signUp(username, signUpOptions = {}) {
      const result = await graphql<{ signUp: { token: string; actor: { id: string; username: string } } }>(
        `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token actor { id username } } }`,
        { input: { username, email: `${username}@example.test`, password: signUpOptions.password ?? TEST_PASSWORD } },
      );
      if (!result.data?.signUp) throw new Error(`test sign-up of ${username} failed: ${JSON.stringify(result.errors)}`);
      const actor = await running.database.db
        .selectFrom('core_actors')
        .select(['id', 'account_id'])
        .where('id', '=', result.data.signUp.actor.id)
        .executeTakeFirstOrThrow();
      if (signUpOptions.role && signUpOptions.role !== 'member') await running.accounts.service.assignRole(username, signUpOptions.role);
      return { token: result.data.signUp.token, accountId: actor.account_id, actorId: actor.id, username };
    },
    async createUser(username, userOptions = {}) {
      const password = userOptions.password ?? TEST_PASSWORD;
      const { accountId, actor } = await running.accounts.service.createAccount({
        username,
        email: `${username}@example.test`,
        password,
        role: userOptions.role ?? 'member',
      });
      const { token } = await running.accounts.service.logIn({ login: username, password });
      return { token, accountId, actorId: actor.id, username };
    },
    listen: () => running.listen(),
    drainJobs: () => running.jobs.drain(),
    async close() {
      await running.close();
      await scratch?.drop();
    },
  };
}

/** Boots tried before giving up when another process takes the free port between the look and the listen. */
const LISTEN_ATTEMPTS = 3;

/**
 * A test instance other servers can reach: on a free port of 127.0.0.1, with that address as its
 * public URL, allowed to federate with other local servers (`federation.allowPrivateAddresses`), and
 * listening. The caller's settings apply over those defaults, except the port and public URL.
 */
export async function createListeningTestInstance(options: TestInstanceOptions = {}): Promise<CoreTestInstance> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const settings = mergeSettings({ federation: { allowPrivateAddresses: true } }, options.settings ?? {}, { port, publicUrl: `http://127.0.0.1:${port}` });
    const instance = await createTestInstance({ ...options, settings });
    try {
      await instance.listen();
      return instance;
    } catch (error) {
      await instance.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= LISTEN_ATTEMPTS) throw error;
    }
  }
}
