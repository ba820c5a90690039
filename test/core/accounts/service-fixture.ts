import { pino } from 'pino';
import { instanceSettingsSchema, type InstanceSettingsInput } from '@commonplace/sdk';
import { createAccountsModule, type AccountsModule } from '../../../core/src/accounts/index.js';
import { accountsMigration } from '../../../core/src/database/migrations/0001_accounts.js';
import { migrateAll } from '../../../core/src/database/migrate.js';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import { openTestDatabase, type TestDatabase, type TestDialect } from '../../helpers/databases.js';

export const PUBLIC_URL = 'https://commons.example';
export const PASSWORD = 'correct horse battery staple';

export interface AccountsFixture {
  database: TestDatabase;
  clock: ManualClock;
  accounts: AccountsModule;
  destroy(): Promise<void>;
}

/** The accounts module alone, on a fresh database with only its migration, and a clock the test moves. */
export async function openAccountsFixture(dialect: TestDialect, settings: InstanceSettingsInput = {}): Promise<AccountsFixture> {
  const database = await openTestDatabase(dialect);
  await migrateAll(database.db, [{ owner: 'core', migrations: { '0001_accounts': accountsMigration } }]);
  const clock = new ManualClock();
  const accounts = createAccountsModule({
    db: database.db,
    settings: instanceSettingsSchema.parse(settings),
    clock,
    log: pino({ level: 'silent' }),
    publicUrl: PUBLIC_URL,
  });
  return { database, clock, accounts, destroy: () => database.destroy() };
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
