import type { GraphQLContext } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import type { CollectionRow, CommunityRole, CommunityRow, ResourceRow } from '../tables.js';
import { normalise } from './normalise.js';

/**
 * Related rows for one GraphQL request, loaded together: when a page of 20 resources asks for each
 * one's community, the 20 field resolvers each ask for an id in the same tick, and one query
 * (`where id in (…)`) answers them all, instead of 20. Each request has its own loaders (kept on its
 * context object), so nothing is shared between viewers or outlives the request. They read through
 * the resolver's services (the plugin's view for the request).
 */
type Fetch<Value> = (ids: string[]) => Promise<Map<string, Value>>;

const loadersByRequest = new WeakMap<object, Map<string, (id: string) => Promise<unknown>>>();

function loader<Value>(context: GraphQLContext, name: string, fetch: Fetch<Value>): (id: string) => Promise<Value | undefined> {
  let loaders = loadersByRequest.get(context);
  if (!loaders) loadersByRequest.set(context, (loaders = new Map()));
  const existing = loaders.get(name);
  if (existing) return existing as (id: string) => Promise<Value | undefined>;
  const made = batching(fetch);
  loaders.set(name, made);
  return made;
}

function batching<Value>(fetch: Fetch<Value>): (id: string) => Promise<Value | undefined> {
  const answers = new Map<string, Promise<Value | undefined>>();
  let waiting: Array<{ id: string; resolve: (value: Value | undefined) => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    fetch([...new Set(batch.map((entry) => entry.id))]).then(
      (found) => batch.forEach((entry) => entry.resolve(found.get(entry.id))),
      (error) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (id) => {
    let answer = answers.get(id);
    if (!answer) {
      answer = new Promise((resolve, reject) => {
        // After the promise jobs already queued: the sibling resolvers of a list all ask first.
        if (waiting.length === 0) void Promise.resolve().then(() => process.nextTick(flush));
        waiting.push({ id, resolve, reject });
      });
      answers.set(id, answer);
    }
    return answer;
  };
}

const byId = <Row extends { id: string }>(rows: Row[]) => new Map(rows.map((row) => [row.id, row]));

export function communityById(context: GraphQLContext, services: EducationCommonsServices): (id: string) => Promise<CommunityRow | undefined> {
  return loader(context, 'community', async (ids) =>
    byId(await services.db.selectFrom('education_commons_communities').selectAll().where('id', 'in', ids).execute()),
  );
}

export function collectionById(context: GraphQLContext, services: EducationCommonsServices): (id: string) => Promise<CollectionRow | undefined> {
  return loader(context, 'collection', async (ids) =>
    byId(await services.db.selectFrom('education_commons_collections').selectAll().where('id', 'in', ids).execute()),
  );
}

/** Resources by id, deleted ones included (as `resource(id)` gives them). */
export function resourceById(context: GraphQLContext, services: EducationCommonsServices): (id: string) => Promise<ResourceRow | undefined> {
  return loader(context, 'resource', async (ids) =>
    byId((await services.db.selectFrom('education_commons_resources').selectAll().where('id', 'in', ids).execute()).map(normalise)),
  );
}

/** Whether the viewer likes each target; false for anonymous viewers without a query. */
export function likedByViewer(context: GraphQLContext, services: EducationCommonsServices): (targetId: string) => Promise<boolean> {
  const viewer = context.viewer;
  if (!viewer) return async () => false;
  const load = loader(context, 'liked', async (ids) => {
    const rows = await services.db
      .selectFrom('education_commons_likes')
      .select('target_id')
      .where('actor_id', '=', viewer.actorId)
      .where('target_id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.target_id, true]));
  });
  return async (targetId) => (await load(targetId)) ?? false;
}

/** The viewer's accepted role in each community, or null (not a member, or still waiting). */
export function viewerRoleIn(context: GraphQLContext, services: EducationCommonsServices): (communityId: string) => Promise<CommunityRole | null> {
  const viewer = context.viewer;
  if (!viewer) return async () => null;
  const load = loader(context, 'role', async (ids) => {
    const rows = await services.db
      .selectFrom('education_commons_members')
      .select(['community_id', 'role'])
      .where('actor_id', '=', viewer.actorId)
      .where('state', '=', 'accepted')
      .where('community_id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.community_id, row.role]));
  });
  return async (communityId) => (await load(communityId)) ?? null;
}
