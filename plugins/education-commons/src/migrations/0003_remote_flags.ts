import type { Kysely, PluginDefinition } from '@commonplace/sdk';

type Migration = NonNullable<PluginDefinition['migrations']>[string];

/**
 * Reports from other servers: a `Flag` arrives signed by the reporting server's actor, not by one of
 * our people, so a flag names either a local reporter or the remote actor that sent it.
 */
export const remoteFlags: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('education_commons_flags').alterColumn('reporter_actor_id', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('education_commons_flags').addColumn('reporter_uri', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('education_commons_flags').dropColumn('reporter_uri').execute();
  },
};
