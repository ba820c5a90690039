import { sql, type Kysely, type PluginDefinition } from '@commonplace/sdk';

type Migration = NonNullable<PluginDefinition['migrations']>[string];

const DISCOVER_TABLES = ['education_commons_communities', 'education_commons_collections', 'education_commons_resources'];

/**
 * For the viewer's feed, which reads each of its sources newest first (discover/viewer-feed.ts): indexes
 * on the viewer's own resources and on each subject code. The prefix index a subject follow used with
 * LIKE gave no order, so it goes: a followed field is now widened to its codes.
 *
 * For discover's cached first pages (discover/first-page-cache.ts): a change marker, a sequence that
 * moves when any community, collection or resource row is written. The trigger is deferred, so it runs
 * as the writing transaction commits: a reader that sees the new value sees the new rows, but for the
 * instant between the two (which `discover.cacheSeconds` bounds). A sequence takes no lock, so writers
 * never wait on one another for it.
 */
export const feedsAndDiscover: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index education_commons_resources_author_idx on education_commons_resources (author_actor_id, created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`create index education_commons_resources_subject_newest_idx on education_commons_resources (subject, created_at desc, id desc) where deleted_at is null`.execute(db);
    await sql`drop index if exists education_commons_resources_subject_idx`.execute(db);

    await sql`create sequence education_commons_discover_changes`.execute(db);
    await sql`create function education_commons_discover_changed() returns trigger language plpgsql as $$
      begin
        perform nextval('education_commons_discover_changes');
        return null;
      end $$`.execute(db);
    for (const table of DISCOVER_TABLES) {
      await sql`create constraint trigger ${sql.id(`${table}_discover_changed`)} after insert or update or delete on ${sql.table(table)}
        deferrable initially deferred for each row execute function education_commons_discover_changed()`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    for (const table of DISCOVER_TABLES) await sql`drop trigger if exists ${sql.id(`${table}_discover_changed`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function if exists education_commons_discover_changed()`.execute(db);
    await sql`drop sequence if exists education_commons_discover_changes`.execute(db);
    await sql`create index if not exists education_commons_resources_subject_idx on education_commons_resources (subject text_pattern_ops) where deleted_at is null`.execute(db);
    await sql`drop index if exists education_commons_resources_subject_newest_idx`.execute(db);
    await sql`drop index if exists education_commons_resources_author_idx`.execute(db);
  },
};
