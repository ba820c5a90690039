import type { Kysely } from 'kysely';
import type { CollectionPage, CollectionSource } from '../documents/collections.js';
import type { ActorCollectionSources } from '../documents/actor-routes.js';

/**
 * Collection sources over core's tables, for registerFederationRoutes' `actorCollections`: an actor's
 * outbox (its public and unlisted activities, newest first, embedded) and its followers and following
 * (accepted follows, newest first, as actor URIs). Pages use keyset cursors `<ms>.<row id>`.
 */
export function actorCollectionSources(db: Kysely<any>): Required<Pick<ActorCollectionSources, 'outbox' | 'followers' | 'following'>> {
  return {
    outbox: (actor) => outboxCollection(db, actor.id),
    followers: (actor) => followersCollection(db, actor.id),
    following: (actor) => followingCollection(db, actor.id),
  };
}

export function outboxCollection(db: Kysely<any>, actorId: string): CollectionSource<Record<string, unknown>> {
  const base = () => db.selectFrom('core_outbox').where('actor_id', '=', actorId).where('public', '=', true);
  return {
    async totalItems() {
      const row = await base().select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    async page(cursor, limit) {
      let query = base().select(['id', 'activity', 'created_at']);
      const after = parseCursor(cursor);
      if (after) query = query.where(keysetBefore('created_at', after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      return pageOf(rows, limit, (row) => {
        const activity = typeof row.activity === 'string' ? JSON.parse(row.activity) : { ...row.activity };
        // The collection carries the context; items inside it do not repeat it.
        delete activity['@context'];
        return activity as Record<string, unknown>;
      });
    },
  };
}

export function followersCollection(db: Kysely<any>, actorId: string): CollectionSource<string> {
  return followCollection(db, actorId, 'followed_id', 'follower_id');
}

export function followingCollection(db: Kysely<any>, actorId: string): CollectionSource<string> {
  return followCollection(db, actorId, 'follower_id', 'followed_id');
}

function followCollection(
  db: Kysely<any>,
  actorId: string,
  self: 'follower_id' | 'followed_id',
  other: 'follower_id' | 'followed_id',
): CollectionSource<string> {
  const base = () =>
    db
      .selectFrom('core_follows as f')
      .innerJoin('core_actors as a', 'a.id', `f.${other}`)
      .where(`f.${self}`, '=', actorId)
      .where('f.state', '=', 'accepted')
      .where('a.deleted_at', 'is', null);
  return {
    async totalItems() {
      const row = await base().select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    async page(cursor, limit) {
      let query = base().select(['f.id as id', 'f.created_at as created_at', 'a.uri as uri']);
      const after = parseCursor(cursor);
      if (after) query = query.where(keysetBefore('f.created_at', after, 'f.id'));
      const rows = await query.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(limit + 1).execute();
      return pageOf(rows, limit, (row) => String(row.uri));
    },
  };
}

interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null;
  const dot = cursor.indexOf('.');
  const ms = Number(cursor.slice(0, dot));
  const id = cursor.slice(dot + 1);
  // A cursor we did not make reads as the first page rather than an error.
  if (dot < 1 || !Number.isSafeInteger(ms) || !UUID.test(id)) return null;
  return { at: new Date(ms), id };
}

function cursorOf(row: { id: string; created_at: Date | string }): string {
  return `${new Date(row.created_at).getTime()}.${row.id}`;
}

/** Rows strictly older than the cursor in (created_at desc, id desc) order. */
function keysetBefore(column: string, cursor: Cursor, idColumn = 'id') {
  return (eb: any) =>
    eb.or([eb(column, '<', cursor.at), eb.and([eb(column, '=', cursor.at), eb(idColumn, '<', cursor.id)])]);
}

function pageOf<Row extends { id: string; created_at: Date | string }, Item>(
  rows: Row[],
  limit: number,
  item: (row: Row) => Item,
): CollectionPage<Item> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(item), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
