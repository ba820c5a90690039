import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import closeWithGrace from 'close-with-grace';
import { isCommonplaceError, type InstanceDefinition, type InstanceSettingsInput } from '@commonplace/sdk/internal';
import { bootInstance, instanceSettingsOf, type RunningInstance } from '../kernel/boot.js';
import { BootError } from '../kernel/boot-error.js';
import type { EmbeddedCompiler } from '../database/wasm-compiler.js';
import { loadInstance, type ImportInstance } from './load-instance.js';
import { seedDemo } from './seed-demo.js';
import { isFirstEmbeddedStart, seedInChildProcess } from './first-start.js';
import { tellAdminLogin } from './admin-login-notice.js';
import { createLogger } from '../runtime/logger.js';
import { checkServersReachable } from './reachability.js';
import { oneShotLogLevel } from './cli-logging.js';
import { ENVIRONMENT_HELP } from './help-text.js';
import { exposureWarning } from './exposure-warning.js';
import { describeMigrations, migrateInstance } from './migrate-instance.js';

export interface CliOptions {
  /** How the instance's module is loaded: from its TypeScript file (default), or from the compiled build. */
  importInstance?: ImportInstance;
  /** Called once `start` or `worker` has booted the instance (the bin lets V8's young generation grow again). */
  onBooted?: () => void;
  /**
   * How to run this CLI again (node, its flags, the bin): `start` seeds a new embedded demo database
   * in a child process with it (first-start.ts). Without it, `start` seeds in its own process.
   */
  selfCommand?: readonly string[];
}

/**
 * Runs one `commonplace` command; argv as in process.argv. The bin calls it, on the compiled build
 * or on the sources. A failure is printed and the process exits with 1.
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<void> {
  try {
    await commonplaceProgram(options).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof BootError) {
      console.error(`Cannot start: ${error.message}`);
    } else if (isCommonplaceError(error)) {
      const field = typeof error.extensions.field === 'string' ? ` (${error.extensions.field})` : '';
      console.error(`${error.code}${field}: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}

function commonplaceProgram(options: CliOptions): Command {
  const program = new Command('commonplace')
    .description('Run and administer a Commonplace instance.')
    .option('-i, --instance <name>', 'instance name (instances/<name>) or path to its index.ts', 'demo')
    .addOption(
      new Option('--embedded-compiler <compiler>', 'how V8 compiles PGlite: baseline (faster start, about 50 MB less) or optimizing (faster heavy queries)')
        .choices(['baseline', 'optimizing'])
        .default('baseline'),
    )
    .option('-v, --verbose', 'print the JSON log lines of one-shot commands (migrate, create-admin, seed-demo, reindex); start and worker always log')
    .addHelpText('after', ENVIRONMENT_HELP)
    .showHelpAfterError();

  const definition = (): Promise<InstanceDefinition> =>
    loadInstance(program.opts<{ instance: string }>().instance, process.cwd(), options.importInstance);

  /** A one-shot command's logger: warnings and errors only, unless --verbose (cli-logging.ts). */
  const oneShotLogger = () => createLogger({ level: oneShotLogLevel(program.opts<{ verbose?: boolean }>().verbose === true) });

  /** The settings the instance boots with; fails in seconds, in one line, when its database or Redis is out of reach. */
  async function reachableSettings(instanceDefinition: InstanceDefinition, overrides: InstanceSettingsInput = {}) {
    const settings = instanceSettingsOf(instanceDefinition, { overrides });
    await checkServersReachable(settings);
    return settings;
  }

  async function boot(overrides: InstanceSettingsInput = {}, role: 'web' | 'worker' = 'web', logger?: ReturnType<typeof createLogger>): Promise<RunningInstance> {
    const { embeddedCompiler } = program.opts<{ embeddedCompiler: EmbeddedCompiler }>();
    const instanceDefinition = await definition();
    await reachableSettings(instanceDefinition, overrides);
    return bootInstance(instanceDefinition, { overrides, role, embeddedCompiler, ...(logger ? { logger } : {}) });
  }

  /** Boots without running jobs or logging, does one thing, and shuts down. */
  async function withInstance<T>(work: (instance: RunningInstance) => Promise<T>): Promise<T> {
    const instance = await boot({ jobs: { runInWebProcess: false } }, 'web', oneShotLogger());
    try {
      return await work(instance);
    } finally {
      await instance.close();
    }
  }

  program
    .command('start')
    .description('Serve the instance over HTTP (and run its jobs unless jobs.runInWebProcess is false).')
    .option('-p, --port <port>', 'port to listen on (default 8080 or PORT)', parsePort)
    .action(async (commandOptions: { port?: number }) => {
      const overrides = commandOptions.port !== undefined ? { port: commandOptions.port } : {};
      const instanceDefinition = await definition();
      if (instanceDefinition.seedDemoOnFirstStart && options.selfCommand && isFirstEmbeddedStart(instanceSettingsOf(instanceDefinition, { overrides }))) {
        const { instance: instanceName, embeddedCompiler } = program.opts<{ instance: string; embeddedCompiler: EmbeddedCompiler }>();
        // The same port, so the seeded actors' URLs are the server's.
        const env = commandOptions.port !== undefined ? { ...process.env, PORT: String(commandOptions.port) } : process.env;
        // --verbose: the child is part of `start`, which logs.
        await seedInChildProcess([...options.selfCommand, '--instance', instanceName, '--embedded-compiler', embeddedCompiler, '--verbose', 'seed-demo'], env);
      }
      const instance = await boot(overrides);
      closeOnSignal(instance);
      // Seeds here when no child did (PostgreSQL, or no selfCommand); a no-op once there are accounts.
      if (instance.definition.seedDemoOnFirstStart) await seedDemo(instance, (login) => printAdminLogin(instance, login));
      const address = await instance.listen();
      console.log(`${instance.definition.name} is listening on ${address}`);
      const warning = exposureWarning(instance.settings);
      if (warning) console.warn(warning);
      // With --port 0 the configured URL has no real port; the address the server got does.
      const base = instance.settings.port === 0 ? address : instance.publicUrl;
      console.log(`Open ${base}/ , or the API explorer at ${base}/graphiql`);
      options.onBooted?.();
    });

  program
    .command('worker')
    .description('Run job workers only (with REDIS_URL, next to web processes started with jobs.runInWebProcess false).')
    .action(async () => {
      const instance = await boot({}, 'worker');
      closeOnSignal(instance);
      console.log(`${instance.definition.name}: ${instance.jobs.kind} job worker running`);
      options.onBooted?.();
    });

  program
    .command('migrate')
    .description('Run core and plugin migrations, print each one run, then exit.')
    .action(async () => {
      const { embeddedCompiler } = program.opts<{ embeddedCompiler: EmbeddedCompiler }>();
      const instanceDefinition = await definition();
      const applied = await migrateInstance(instanceDefinition, await reachableSettings(instanceDefinition), embeddedCompiler);
      for (const line of describeMigrations(applied)) console.log(line);
    });

  program
    .command('create-admin')
    .description('Create an admin account; prints a generated password unless --password is given.')
    .requiredOption('-u, --username <username>', 'username ([a-z0-9_], at most 30)')
    .requiredOption('-e, --email <email>', 'email address')
    .option('--password <password>', 'password (at least 10 characters); generated when absent')
    .action((commandOptions: { username: string; email: string; password?: string }) =>
      withInstance(async (instance) => {
        const password = commandOptions.password ?? randomBytes(12).toString('base64url');
        await instance.accounts.service.createAccount({ username: commandOptions.username, email: commandOptions.email, password, role: 'admin' });
        console.log(`Admin "${commandOptions.username}" created.${commandOptions.password ? '' : ` Password: ${password}`}`);
      }),
    );

  program
    .command('seed-demo')
    .description('Seed demo data (an admin and sample content) into an instance with no accounts.')
    .action(() =>
      withInstance(async (instance) => {
        const admin = await seedDemo(instance, (login) => printAdminLogin(instance, login));
        if (!admin) console.log('This instance already has accounts; nothing seeded.');
      }),
    );

  program
    .command('reindex')
    .description('Rebuild the search index from the database, without downtime: searches use the old index until the new one is complete.')
    .option('-t, --type <type>', 'only this document type (education-commons.resource...)')
    .action((commandOptions: { type?: string }) =>
      withInstance(async (instance) => {
        const done = await instance.services.searchEngine.reindex(commandOptions.type, instance.services);
        if (done.length === 0) console.log('No plugin declares searchable types; nothing to reindex.');
        for (const { type, documents } of done) console.log(`${type}: ${documents} document${documents === 1 ? '' : 's'} indexed`);
      }),
    );

  program
    .command('new')
    .description('Make something new in this repository.')
    .command('plugin <id>')
    .description('Write plugins/<id>/: a plugin with a table, a GraphQL type, a federated object, a search document and a test; then link it with npm install.')
    .option('--no-install', 'write the files only, and print the command that links the plugin into the workspace')
    .action(async function (this: Command, id: string, commandOptions: { install: boolean }) {
      const { scaffoldPlugin } = await import('./new-plugin/scaffold.js');
      let result;
      try {
        result = scaffoldPlugin({ id, install: commandOptions.install });
      } catch (error) {
        this.error(`commonplace new plugin: ${error instanceof Error ? error.message : String(error)}`);
      }
      console.log(`Wrote ${result.directory}:`);
      for (const file of result.files) console.log(`  ${file}`);
      console.log(result.installed ? 'Linked into the workspace (npm install). Next:' : 'Not linked yet. Next:');
      for (const step of result.nextSteps) console.log(`  ${step}`);
    });

  program
    .command('plugins')
    .description('List the plugins the instance enables, in boot order.')
    .action(async () => {
      const instance = await definition();
      const { resolvePlugins } = await import('../kernel/resolve-plugins.js');
      const plugins = await resolvePlugins(instance.plugins);
      console.log(`${instance.name}: ${plugins.length} plugin${plugins.length === 1 ? '' : 's'}`);
      for (const { plugin } of plugins) {
        const deps = plugin.dependsOn?.length ? ` (after ${plugin.dependsOn.join(', ')})` : '';
        console.log(`  ${plugin.id}@${plugin.version}${deps}${plugin.description ? ` — ${plugin.description}` : ''}`);
      }
    });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('not a port number.');
  return port;
}

/** The demo admin's password: to a 0600 file in the data directory, in clear only on a terminal (admin-login-notice.ts). */
function printAdminLogin(instance: RunningInstance, admin: { username: string; password: string }): void {
  tellAdminLogin(admin, { dataDir: instance.settings.database.dataDir, stdoutIsTerminal: process.stdout.isTTY === true, print: (line) => console.log(line) });
}

function closeOnSignal(instance: RunningInstance): void {
  // close() waits up to the grace for requests, then as long for jobs; give it both and a margin.
  const delay = 2 * instance.settings.http.shutdownGraceMs + 5_000;
  closeWithGrace({ delay }, async ({ signal, err }) => {
    if (err) instance.app.log.error({ err }, 'shutting down after an error');
    else instance.app.log.info({ signal }, 'shutting down');
    await instance.close();
  });
}
