import { pino } from 'pino';
import type { Kysely } from 'kysely';
import { instanceSettingsSchema, type InstanceSettings, type InstanceSettingsInput } from '@commonplace/sdk/internal';
import { createJobsBackend, type JobsBackend } from '../../../core/src/jobs/index.js';
import { jobsMigration } from '../../../core/src/database/migrations/0002_jobs.js';
import { pluginSchedulesAndSecretsMigration } from '../../../core/src/database/migrations/0009_plugin_schedules_and_secrets.js';
import { migrateAll } from '../../../core/src/database/migrate.js';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import { createPluginPorts, type PluginPorts, type PluginPortsDeps } from '../../../core/src/plugin-ports/index.js';
import { openTestDatabase, type TestDatabase, type TestDialect } from '../../helpers/databases.js';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function testSettings(input: InstanceSettingsInput = {}): InstanceSettings {
  return instanceSettingsSchema.parse({ database: { dataDir: 'memory://' }, ...input });
}

/** One database per suite (core_jobs and the plugin-port tables), a jobs backend that is never started, a manual clock. */
export class PortsFixture {
  readonly clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  readonly jobs: JobsBackend;
  private readonly opened: PluginPorts[] = [];

  private constructor(
    readonly dialect: TestDialect,
    private readonly database: TestDatabase,
    /** `<plugin>.<job>` names registered with the jobs backend. */
    readonly registered: ReadonlySet<string>,
  ) {
    this.jobs = createJobsBackend({ db: database.db, settings: testSettings().jobs, log: silentLog, clock: this.clock, dialect });
    for (const name of registered) this.jobs.register(name, { handler: async () => undefined });
  }

  static async open(dialect: TestDialect, jobNames: readonly string[] = []): Promise<PortsFixture> {
    const database = await openTestDatabase(dialect);
    await migrateAll(database.db, [
      { owner: 'core', migrations: { '0002_jobs': jobsMigration, '0009_plugin_schedules_and_secrets': pluginSchedulesAndSecretsMigration } },
    ]);
    return new PortsFixture(dialect, database, new Set(jobNames));
  }

  get db(): Kysely<any> {
    return this.database.db;
  }

  ports(overrides: Partial<PluginPortsDeps> & { settings?: InstanceSettings } = {}): PluginPorts {
    const ports = createPluginPorts({
      db: this.db,
      jobs: this.jobs,
      settings: testSettings(),
      clock: this.clock,
      log: silentLog,
      publicUrl: 'http://localhost.test',
      jobExists: (plugin, job) => this.registered.has(`${plugin}.${job}`),
      ...overrides,
    });
    this.opened.push(ports);
    return ports;
  }

  async reset(): Promise<void> {
    await this.db.deleteFrom('core_jobs').execute();
    await this.db.deleteFrom('core_plugin_schedules').execute();
    await this.db.deleteFrom('core_plugin_secrets').execute();
    this.clock.set(new Date('2026-01-01T00:00:00Z'));
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((ports) => ports.close()));
    await this.jobs.stop();
    await this.database.destroy();
  }
}
