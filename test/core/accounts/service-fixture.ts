import type { KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { instanceSettingsSchema, type InstanceSettingsInput } from '@commonplace/sdk/internal';
import { createAccountsModule, type AccountsModule } from '../../../core/src/accounts/index.js';
import { coreMigrations } from '../../../core/src/database/migrations/index.js';
import { migrateAll } from '../../../core/src/database/migrate.js';
import { connectDatabase, type DatabaseHandle } from '../../../core/src/database/connect.js';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import { openTestDatabase, type TestDialect } from '../../helpers/databases.js';

export const PUBLIC_URL = 'https://commons.example';
export const PASSWORD = 'correct horse battery staple';

export interface AccountsFixture {
  database: DatabaseHandle;
  clock: ManualClock;
  accounts: AccountsModule;
  /** Statements the accounts module has run so far. */
  queries(): number;
  destroy(): Promise<void>;
}

/** The accounts module alone, on a fresh database with only its migrations, and a clock the test moves. */
export async function openAccountsFixture(dialect: TestDialect, settings: InstanceSettingsInput = {}): Promise<AccountsFixture> {
  const database = await openAccountsDatabase(dialect);
  const clock = new ManualClock();
  let queries = 0;
  // Every statement run through this database hands its result to the plugin, so it counts them all.
  const countQueries: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    transformResult: async ({ result }) => {
      queries += 1;
      return result;
    },
  };
  const accounts = createAccountsModule({
    db: database.db.withPlugin(countQueries),
    settings: instanceSettingsSchema.parse(settings),
    clock,
    log: pino({ level: 'silent' }),
    publicUrl: PUBLIC_URL,
  });
  return { database, clock, accounts, queries: () => queries, destroy: () => database.destroy() };
}

/**
 * A fresh database with only the accounts migrations. On PGlite an in-memory one, since no test here
 * reopens its database: a data directory costs an initdb per test (about 3 s of CPU, twice that on
 * a loaded machine, nearly all of each test's time), an in-memory database a copy of one made once
 * per test file (about 0.25 s).
 */
async function openAccountsDatabase(dialect: TestDialect): Promise<DatabaseHandle & { destroy(): Promise<void> }> {
  let database: DatabaseHandle & { destroy(): Promise<void> };
  if (dialect === 'pglite') {
    const handle = await connectDatabase({ dataDir: 'memory://' });
    database = { ...handle, destroy: () => handle.close() };
  } else {
    database = await openTestDatabase(dialect);
  }
  // 0003 (federation) only because 0010's view of follows needs its table; 0010 adds the issued tokens' columns.
  const wanted = ['0001_accounts', '0003_federation', '0010_issued_tokens_and_follows_view'];
  await migrateAll(database.db, [{ owner: 'core', migrations: Object.fromEntries(wanted.map((name) => [name, coreMigrations[name]!])) }]);
  return database;
}

/** Resolves with the error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; extensions?: Record<string, unknown>; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; extensions?: Record<string, unknown>; message: string };
  }
  throw new Error('expected the promise to reject');
}
