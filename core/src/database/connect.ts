import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { FairPGliteDialect } from './pglite-fair-dialect.js';
import { BootError } from '../kernel/boot-error.js';
import { BASELINE_COMPILER_FLAG, useBaselineCompiler, type EmbeddedCompiler } from './wasm-compiler.js';

export interface DatabaseOptions {
  /** postgres://... ; unset means embedded PGlite. */
  url?: string;
  /** PGlite data directory, or `memory://`. */
  dataDir: string;
  poolSize?: number;
  /** PGlite only: its shared_buffers in MB (default 16). */
  embeddedSharedBuffersMb?: number;
  /** PGlite only: how V8 compiles its WebAssembly (default `optimizing`, V8's own default; see wasm-compiler.ts). */
  embeddedCompiler?: EmbeddedCompiler;
  /** PostgreSQL only: an idle pooled connection died (server restart, failover); the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
}

export interface DatabaseHandle {
  db: Kysely<any>;
  dialect: 'postgres' | 'pglite';
  /** Reachable right now? For /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return connectPostgres(options.url, options);
  return connectPglite(options.dataDir, options.embeddedSharedBuffersMb ?? 16, options.embeddedCompiler ?? 'optimizing');
}

async function connectPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  // Loaded only here: an embedded instance never needs the PostgreSQL client.
  const { default: pg } = await import('pg');
  // PostgreSQL returns int8 (counts, bigserial) as strings by default; our counts fit in a double.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Never let one stuck connection hang boot or a request forever.
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener, pg-pool's 'error' for a dead idle client would crash the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

async function connectPglite(dataDir: string, sharedBuffersMb: number, compiler: EmbeddedCompiler): Promise<DatabaseHandle> {
  // Before PGlite's module is compiled: the flag applies to what V8 compiles next.
  if (compiler === 'baseline') useBaselineCompiler();
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const extensions = { pg_trgm };
  const postgresqlconf = [`shared_buffers = ${sharedBuffersMb}MB`];
  let client;
  if (dataDir.startsWith('memory://')) {
    // initdb costs about 2 s; an in-memory database starts from a copy of a fresh one made once per process.
    memoryTemplate ??= PGlite.create('memory://', { extensions }).then(async (fresh) => {
      const dump = await fresh.dumpDataDir('none');
      await fresh.close();
      return dump;
    });
    client = await PGlite.create('memory://', { extensions, postgresqlconf, loadDataDir: await memoryTemplate });
  } else {
    mkdirSync(dataDir, { recursive: true });
    const unlock = lockDataDir(dataDir);
    try {
      if (!hasEmbeddedDatabase(dataDir)) await initDataDirInChildProcess(dataDir, compiler);
      client = await PGlite.create(dataDir, { extensions, postgresqlconf });
    } catch (error) {
      unlock();
      throw error;
    }
    const db = new Kysely<any>({ dialect: new FairPGliteDialect(client) });
    return { db, dialect: 'pglite', ping: () => ping(db), close: () => db.destroy().finally(unlock) };
  }
  const db = new Kysely<any>({ dialect: new FairPGliteDialect(client) });
  return {
    db,
    dialect: 'pglite',
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

/** Whether a PGlite data directory on disk holds a database yet (initdb has run there). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** initdb in a child process: its memory goes when the child exits (see pglite-initdb.mjs). */
async function initDataDirInChildProcess(dataDir: string, compiler: EmbeddedCompiler): Promise<void> {
  const script = new URL('./pglite-initdb.mjs', import.meta.url).pathname;
  // initdb too is faster with Liftoff alone (3.4 s against 4.1 s measured).
  const flags = compiler === 'baseline' ? [BASELINE_COMPILER_FLAG] : [];
  try {
    await promisify(execFile)(process.execPath, [...flags, script, dataDir], { timeout: 120_000 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr || (error as Error).message;
    throw new BootError('core', `could not create the database in ${dataDir}: ${detail}`);
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would silently
 * lose writes. A lock file holding the owner's pid refuses it; a lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'commonplace.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new BootError(
          'core',
          `the data directory ${dataDir} is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}; stop it first, or use PostgreSQL (DATABASE_URL) to run several processes.`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new BootError('core', `could not lock the data directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let memoryTemplate: Promise<Blob | File> | undefined;

async function ping(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
