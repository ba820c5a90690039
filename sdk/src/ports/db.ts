import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * The database every plugin shares with core: Kysely over PostgreSQL or PGlite.
 * A plugin gets it typed with its own tables through its services type
 * (`PluginServices<MyTables, MySettings>`: `services.db` is `Database<MyTables>`), never by a cast.
 * Tables are prefixed with the plugin id (`education_commons_resources`).
 */
export type Database<Tables = any> = Kysely<Tables>;

/** Either the database or a transaction inside it: services accept this so callers can share a transaction. */
export type Executor<Tables = any> = Kysely<Tables> | Transaction<Tables>;

export type { Generated, Kysely, Transaction };
