import type { Executor, SearchDocument, SearchDocumentType } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { subjectWithAncestors } from '../vocabularies/index.js';
import { commonsOf } from '../shared/commons.js';
import { normalise } from '../resources/normalise.js';
import type { CollectionRow, CommunityRow, ResourceRow } from '../tables.js';
import { Collection } from '../collections/types.js';
import { Community } from '../communities/types.js';
import { Resource } from '../resources/types.js';

/**
 * Communities, collections and resources as search documents. Writes index them through
 * `services.search.index(document, { tx })` in their own transaction, so a row and its document
 * commit together. Resources carry the facets people filter
 * OER by: language, level, subject (with its broader fields, so "06" finds 0613), licence and type.
 */
export const SEARCH_TYPES = {
  community: 'education-commons.community',
  collection: 'education-commons.collection',
  resource: 'education-commons.resource',
} as const;

export function communitySearchDocument(row: CommunityRow): SearchDocument {
  return {
    id: row.id,
    type: SEARCH_TYPES.community,
    audience: { kind: 'public' },
    ownerActorId: row.owner_actor_id,
    fields: { name: row.name, summary: row.summary },
    filters: { language: row.language },
    language: row.language,
    updatedAt: row.updated_at,
  };
}

export function collectionSearchDocument(row: CollectionRow): SearchDocument {
  return {
    id: row.id,
    type: SEARCH_TYPES.collection,
    audience: { kind: 'public' },
    ownerActorId: row.owner_actor_id,
    fields: { name: row.name, summary: row.summary },
    filters: { community: row.community_id },
    updatedAt: row.updated_at,
  };
}

export function resourceSearchDocument(row: ResourceRow): SearchDocument {
  return {
    id: row.id,
    type: SEARCH_TYPES.resource,
    audience: { kind: 'public' },
    ownerActorId: row.author_actor_id,
    fields: {
      name: row.name,
      summary: row.summary,
      outcomes: row.learning_outcomes.join('\n'),
      author: row.credited_author,
    },
    filters: {
      language: row.language,
      level: row.level,
      subject: row.subject ? subjectWithAncestors(row.subject) : null,
      licence: row.licence,
      type: row.resource_type,
      kind: row.kind,
      community: row.community_id,
      likes: row.like_count,
      published: row.created_at,
    },
    language: row.language,
    updatedAt: row.updated_at,
    originHost: row.origin_host,
  };
}

/** Index a row in the caller's transaction. */
export async function indexDocument(services: EducationCommonsServices, document: SearchDocument, tx: Executor): Promise<void> {
  await services.search.index(document, { tx });
}

export async function removeDocument(services: EducationCommonsServices, type: string, id: string, tx: Executor): Promise<void> {
  await services.search.remove(type, id, { tx });
}

/** The three document types, as the plugin declares them to core. */
export function searchDocumentTypes(): SearchDocumentType<any, EducationCommonsServices>[] {
  return [
    {
      type: SEARCH_TYPES.community,
      graphqlType: 'EducationCommunity',
      fields: { name: { weight: 'A' }, summary: { weight: 'B' } },
      filters: { language: 'keyword' },
      facets: ['language'],
      toDocument: communitySearchDocument,
      rows: (services, page) => {
        let query = commonsOf(services).db.selectFrom('education_commons_communities').selectAll().orderBy('id').limit(page.limit);
        if (page.afterId) query = query.where('id', '>', page.afterId);
        return query.execute();
      },
      load: async (ids, services) => byId((await loadRows(services, 'education_commons_communities', ids)).map((row) => Community.from(row as CommunityRow))),
      publicPreview: (community: Community) => ({ title: community.name, summary: community.summary, url: community.uri }),
    },
    {
      type: SEARCH_TYPES.collection,
      graphqlType: 'EducationCollection',
      fields: { name: { weight: 'A' }, summary: { weight: 'B' } },
      filters: { community: 'keyword' },
      toDocument: collectionSearchDocument,
      rows: (services, page) => {
        let query = commonsOf(services).db.selectFrom('education_commons_collections').selectAll().orderBy('id').limit(page.limit);
        if (page.afterId) query = query.where('id', '>', page.afterId);
        return query.execute();
      },
      load: async (ids, services) => byId((await loadRows(services, 'education_commons_collections', ids)).map((row) => Collection.from(row as CollectionRow))),
      publicPreview: (collection: Collection) => ({ title: collection.name, summary: collection.summary, url: collection.uri }),
    },
    {
      type: SEARCH_TYPES.resource,
      graphqlType: 'EducationResource',
      fields: { name: { weight: 'A' }, summary: { weight: 'B' }, outcomes: { weight: 'C' }, author: { weight: 'C' } },
      filters: {
        language: 'keyword',
        level: 'keyword',
        subject: 'keyword',
        licence: 'keyword',
        type: 'keyword',
        kind: 'keyword',
        community: 'keyword',
        likes: 'number',
        published: 'date',
      },
      facets: ['language', 'level', 'subject', 'licence', 'type'],
      toDocument: resourceSearchDocument,
      rows: (services, page) => {
        let query = commonsOf(services)
          .db.selectFrom('education_commons_resources')
          .selectAll()
          .where('deleted_at', 'is', null)
          .orderBy('id')
          .limit(page.limit);
        if (page.afterId) query = query.where('id', '>', page.afterId);
        return query.execute();
      },
      // A deleted resource is not a hit any more, whatever the index still says.
      load: async (ids, services) =>
        byId(
          (await loadRows(services, 'education_commons_resources', ids))
            .filter((row) => (row as ResourceRow).deleted_at === null)
            .map((row) => Resource.from(normalise(row as ResourceRow))),
        ),
      // Only our own resources are previewed for other instances; copies are theirs to show.
      publicPreview: (resource: Resource) => (resource.originHost === null ? { title: resource.name, summary: resource.summary, url: resource.uri } : null),
    },
  ];
}

async function loadRows(services: EducationCommonsServices, table: 'education_commons_communities' | 'education_commons_collections' | 'education_commons_resources', ids: readonly string[]) {
  const wanted = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (wanted.length === 0) return [];
  return (await commonsOf(services).db.selectFrom(table).selectAll().where('id', 'in', wanted).execute()) as Array<{ id: string }>;
}

function byId(rows: ReadonlyArray<{ id: string }>): ReadonlyMap<string, unknown> {
  return new Map(rows.map((row) => [row.id, row]));
}
