import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { Kysely } from 'kysely';
import type { InstanceSettings } from '@commonplace/sdk/internal';
import { createJobsBackend, JOBS_QUEUE_NAME, type JobsBackend } from '../../../core/src/jobs/index.js';
import { jobsMigration } from '../../../core/src/database/migrations/0002_jobs.js';
import { migrateAll } from '../../../core/src/database/migrate.js';
import type { DatabaseHandle } from '../../../core/src/database/connect.js';
import { ManualClock, systemClock } from '../../../core/src/runtime/clock.js';
import { openTestDatabase, type TestDatabase, type TestDialect } from '../../helpers/databases.js';

export type AdapterKind = 'in-process' | 'bullmq';

/** Fast polling and a short lease, so tests wait milliseconds, not seconds. */
export const testJobSettings: InstanceSettings['jobs'] = {
  concurrency: 4,
  pollIntervalMs: 20,
  maxAttempts: 3,
  backoffMs: 20,
  leaseMs: 1_000,
  timeoutMs: 5_000,
  runInWebProcess: true,
  completedRetentionMs: 24 * 60 * 60 * 1000,
  deadRetentionMs: 30 * 24 * 60 * 60 * 1000,
};

export interface BackendOverrides {
  settings?: Partial<InstanceSettings['jobs']>;
  shutdownGraceMs?: number;
}

/**
 * One database per suite (opening PGlite costs seconds), emptied between tests; BullMQ gets a fresh
 * key prefix per test. In-process backends get a manual clock; BullMQ's delays run on Redis time,
 * so its backends use the real one.
 */
export class JobsFixture {
  clock: ManualClock | undefined;
  private handle: DatabaseHandle;
  private backends: JobsBackend[] = [];
  private prefix = newPrefix();
  private redis: Redis | undefined;

  private constructor(
    readonly adapter: AdapterKind,
    readonly dialect: TestDialect,
    private readonly database: TestDatabase,
  ) {
    this.handle = database;
  }

  static async open(adapter: AdapterKind, dialect: TestDialect): Promise<JobsFixture> {
    const database = await openTestDatabase(dialect);
    await migrateAll(database.db, [{ owner: 'core', migrations: { '0002_jobs': jobsMigration } }]);
    return new JobsFixture(adapter, dialect, database);
  }

  get db(): Kysely<any> {
    return this.handle.db;
  }

  backend(overrides: BackendOverrides = {}): JobsBackend {
    const backend = createJobsBackend({
      db: this.db,
      settings: { ...testJobSettings, ...overrides.settings },
      ...(this.adapter === 'bullmq' ? { redisUrl: redisUrl(), queuePrefix: this.prefix } : {}),
      log: pino({ level: 'silent' }),
      clock: this.clock ?? systemClock,
      dialect: this.dialect,
      ...(overrides.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: overrides.shutdownGraceMs }),
    });
    this.backends.push(backend);
    return backend;
  }

  /** A BullMQ queue handle on this test's prefix, for assertions on Redis itself. */
  async queue(): Promise<Queue> {
    this.redis ??= new Redis(redisUrl(), { maxRetriesPerRequest: null });
    return new Queue(JOBS_QUEUE_NAME, { connection: this.redis, prefix: this.prefix });
  }

  /** Closes the database and opens it again, as a restarted process would. */
  async restartDatabase(): Promise<void> {
    await this.handle.close();
    this.handle = await this.database.reopen();
  }

  async rows(): Promise<any[]> {
    return this.db.selectFrom('core_jobs').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async row(id: string): Promise<any> {
    return this.db.selectFrom('core_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Before each test: a clean slate. */
  async reset(): Promise<void> {
    await this.stopBackends();
    await this.db.deleteFrom('core_jobs').execute();
    await this.db.deleteFrom('core_job_schedules').execute();
    this.clock = this.adapter === 'in-process' ? new ManualClock() : undefined;
    this.prefix = newPrefix();
  }

  /** After each test: stop what it started and drop its Redis keys. */
  async stopBackends(): Promise<void> {
    const backends = this.backends;
    this.backends = [];
    await Promise.all(backends.map((backend) => backend.stop()));
    if (this.adapter === 'bullmq') {
      const queue = await this.queue();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }

  async close(): Promise<void> {
    await this.stopBackends();
    await this.redis?.quit();
    if (this.handle !== this.database) await this.handle.close();
    await this.database.destroy();
  }
}

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is needed for the BullMQ adapter');
  return url;
}

function newPrefix(): string {
  return `cp-test-${randomBytes(4).toString('hex')}`;
}

/** Polls `condition` every few milliseconds; fails with `what` if it is not met in time. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise the test resolves by hand. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
