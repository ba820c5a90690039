import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The database every plugin shares with core: Kysely over PostgreSQL or PGlite.
 * A plugin types its own tables: `deps.db as Database<MyTables>`.
 * Tables are prefixed with the plugin id (`education_commons_resources`).
 */
export type Database<Tables = any> = Kysely<Tables>;

/** Either the database or a transaction inside it: services accept this so callers can share a transaction. */
export type Executor<Tables = any> = Kysely<Tables> | Transaction<Tables>;

export type { Generated, Kysely, Transaction };
