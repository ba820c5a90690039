import { sql, type Migration } from 'kysely';

/**
 * Two additions of the plugin contract's second edition:
 *
 * - Sessions a plugin issues through the AccountsPort (an OAuth access token of a client API) carry
 *   the name of the app they were issued to (`label`) and what they may do (`scopes`, space-separated
 *   as OAuth writes them) and which plugin issued them (`issuer`): only that plugin's `checkToken`
 *   knows them, and core's own bearer check does not. Core's own log-in sessions leave all three null.
 * - `core_follows_accepted`: the accepted follows by actor URI, with when they were accepted. The one
 *   core relation a plugin may name in its queries (its row type is the sdk's `FollowsView`), so a
 *   timeline can join "whom the viewer follows" in SQL instead of passing a list of URIs around.
 */
export const issuedTokensAndFollowsViewMigration: Migration = {
  async up(db) {
    await db.schema.alterTable('core_sessions').addColumn('label', 'text').execute();
    await db.schema.alterTable('core_sessions').addColumn('scopes', 'text').execute();
    await db.schema.alterTable('core_sessions').addColumn('issuer', 'text').execute();
    await sql`
      create view core_follows_accepted as
      select follower.uri as follower_uri, followed.uri as followed_uri, f.accepted_at as accepted_at
      from core_follows f
      join core_actors follower on follower.id = f.follower_id and follower.deleted_at is null
      join core_actors followed on followed.id = f.followed_id and followed.deleted_at is null
      where f.state = 'accepted'
    `.execute(db);
  },
  async down(db) {
    await sql`drop view core_follows_accepted`.execute(db);
    await db.schema.alterTable('core_sessions').dropColumn('issuer').execute();
    await db.schema.alterTable('core_sessions').dropColumn('scopes').execute();
    await db.schema.alterTable('core_sessions').dropColumn('label').execute();
  },
};
