import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, quoteIdentifier, type DatabaseHandle } from '../../core/src/database/connect.js';

export type TestDialect = 'pglite' | 'postgres';

/**
 * The databases a suite runs on, as Kysely's own tests do: PGlite always, PostgreSQL as well
 * when DATABASE_URL is set (as in CI's run against the real servers).
 */
export function testDialects(): TestDialect[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** Options that reopen the same database, to test what survives a restart. */
  reopen(): Promise<DatabaseHandle>;
  /** Close and throw the data away. */
  destroy(): Promise<void>;
}

/** A fresh, empty database: an in-memory-like PGlite directory, or a PostgreSQL schema of its own. */
export async function openTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is needed for the postgres dialect');
    const options = { url, dataDir: '', schema: name, poolSize: 5 };
    const handle = await connectDatabase(options);
    return {
      ...handle,
      reopen: () => connectDatabase(options),
      destroy: async () => {
        await handle.close().catch(() => undefined);
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`);
        await admin.end();
      },
    };
  }
  // A directory (not memory://) so that reopen() sees the same data, as after a crash and restart.
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = await mkdtemp(join(tmpdir(), 'commonplace-test-'));
  const handle = await connectDatabase({ dataDir });
  return {
    ...handle,
    reopen: () => connectDatabase({ dataDir }),
    destroy: async () => {
      await handle.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
