import { connectDatabase, type DatabaseHandle } from '../../core/src/database/connect.js';
import { createScratchDatabase } from '../../core/src/testing/scratch-database.js';

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

/** A fresh, empty database: a PGlite directory, or a PostgreSQL database of its own. */
export async function openTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is needed for the postgres dialect');
    const scratch = await createScratchDatabase(url);
    const options = { url: scratch.url, dataDir: '', poolSize: 5 };
    const handle = await connectDatabase(options);
    return {
      ...handle,
      reopen: () => connectDatabase(options),
      destroy: async () => {
        await handle.close().catch(() => undefined);
        await scratch.drop();
      },
    };
  }
  // A directory (not memory://) so that reopen() sees the same data, as after a crash and restart.
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = await mkdtemp(join(tmpdir(), 'commonplace-test-'));
  await copyFreshDataDir(dataDir);
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

let freshDataDir: Promise<string> | undefined;

/**
 * Fills an empty directory with a freshly initialised PGlite database: a copy of one made once per
 * test process. initdb costs about 5 s of CPU (far more on a loaded machine, where it once pushed
 * tests past their timeout); copying its 40 MB costs well under one.
 */
async function copyFreshDataDir(target: string): Promise<void> {
  const { cp, mkdtemp } = await import('node:fs/promises');
  const { rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  freshDataDir ??= (async () => {
    const template = await mkdtemp(join(tmpdir(), 'commonplace-template-'));
    process.once('exit', () => rmSync(template, { recursive: true, force: true }));
    await (await connectDatabase({ dataDir: template })).close();
    return template;
  })();
  await cp(await freshDataDir, target, { recursive: true });
}
