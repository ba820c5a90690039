import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../database/connect.js';

export interface ScratchDatabase {
  /** The connection URL of the new, empty database. */
  url: string;
  /** Drops it, closing any connection left open. */
  drop(): Promise<void>;
}

/**
 * A PostgreSQL database of its own for one test instance, on the server of `serverUrl`.
 * A database rather than a schema: Kysely's migrator introspects every table of the database it
 * is in, and a schema that another test drops at that moment makes the introspection fail.
 */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `cp_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)),
  };
}

async function withAdmin(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
