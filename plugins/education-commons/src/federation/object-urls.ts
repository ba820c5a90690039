import type { ActivityPubObject, FederationObjectHandler } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { escapeHtml, isUuid } from '@commonplace/sdk';
import { normalise } from '../resources/resource-service.js';
import { commonsOf } from '../shared/commons.js';
import { PLUGIN_ID } from '../settings.js';
import type { CommentRow, ResourceRow } from '../tables.js';
import { findLicence } from '../vocabularies/index.js';
import { commentDocument, resourceDocument, type ResourceLinks } from './documents.js';
import { commentReplies, groupReplies } from './replies.js';

/**
 * Our resources and comments at their ids, served by core through `dispatch`: core negotiates the
 * representation, enforces authorized fetch (`federation.authorizedFetch`: unsigned GETs of the JSON
 * get 401), answers 404 when `load` finds nothing and 410 Gone when the object renders as a
 * Tombstone. We only load a row and say how it looks, as ActivityStreams and as a small page, and
 * which comments answer it (`replies`, served by core at `<id>/replies`); comments also answer our
 * communities' and collections' Groups, whose replies core serves at `<actor id>/replies`
 * (`actorReplies`). Copies of other servers' objects are not ours to serve: `load` finds only our own.
 */
type ObjectUrls<Row> = Pick<FederationObjectHandler<Row, EducationCommonsServices>, 'dispatch' | 'toActivityPub' | 'replies' | 'actorReplies'>;

interface LoadedResource {
  resource: ResourceRow;
  links: ResourceLinks;
}

export const resourceObjectUrls: ObjectUrls<LoadedResource> = {
  dispatch: {
    path: `/${PLUGIN_ID}/resources/:id`,
    async load(id, services) {
      const { db } = commonsOf(services);
      if (!isUuid(id)) return null;
      const row = await db.selectFrom('education_commons_resources').selectAll().where('id', '=', id).where('origin_host', 'is', null).executeTakeFirst();
      if (!row) return null;
      const resource = normalise(row);
      return { resource, links: await services.educationResources.linksOf(db, resource) };
    },
    html: ({ resource }) => {
      if (resource.deleted_at) return page('Deleted resource', resource.uri, ['<p>This resource was deleted.</p>']);
      const licence = findLicence(resource.licence);
      return page(resource.name, resource.uri, [
        `<p><a href="${escapeHtml(resource.url)}">${escapeHtml(resource.url)}</a></p>`,
        resource.summary ? `<p>${escapeHtml(resource.summary)}</p>` : '',
        `<p>Licence: ${licence ? `<a rel="license" href="${escapeHtml(licence.url)}">${escapeHtml(licence.name)}</a>` : escapeHtml(resource.licence)}</p>`,
      ]);
    },
  },
  toActivityPub: ({ resource, links }, services) => resourceDocument(resource, links, services.config.publicUrl),
  replies: commentReplies(({ resource }) => ({ kind: 'resource', id: resource.id })),
};

interface LoadedComment {
  comment: CommentRow;
  /** The thread's root object: a resource, or a collection's or community's Group. */
  rootUri: string;
  inReplyToUri: string;
  communityUri: string | null;
}

export const commentObjectUrls: ObjectUrls<LoadedComment> = {
  dispatch: {
    path: `/${PLUGIN_ID}/comments/:id`,
    async load(id, services) {
      const { db } = commonsOf(services);
      if (!isUuid(id)) return null;
      const comment = await db.selectFrom('education_commons_comments').selectAll().where('id', '=', id).where('origin_host', 'is', null).executeTakeFirst();
      if (!comment) return null;
      const rootUri = await threadRootUri(services, comment);
      const parent = comment.in_reply_to_id ? await db.selectFrom('education_commons_comments').select('uri').where('id', '=', comment.in_reply_to_id).executeTakeFirst() : undefined;
      const community = comment.community_id ? await db.selectFrom('education_commons_communities').select('actor_uri').where('id', '=', comment.community_id).executeTakeFirst() : undefined;
      return { comment, rootUri, inReplyToUri: parent?.uri ?? rootUri, communityUri: community?.actor_uri ?? null };
    },
    html: ({ comment, inReplyToUri }) =>
      comment.deleted_at
        ? page('Deleted comment', comment.uri, ['<p>This comment was deleted.</p>'])
        : page('Comment', comment.uri, [`<p>${escapeHtml(comment.content)}</p>`, `<p>In reply to <a href="${escapeHtml(inReplyToUri)}">${escapeHtml(inReplyToUri)}</a></p>`]),
  },
  toActivityPub: ({ comment, rootUri, inReplyToUri, communityUri }): ActivityPubObject => commentDocument(comment, rootUri, inReplyToUri, communityUri),
  replies: commentReplies(({ comment }) => ({ kind: 'comment', id: comment.id })),
  actorReplies: groupReplies,
};

async function threadRootUri(services: EducationCommonsServices, comment: CommentRow): Promise<string> {
  const { db } = commonsOf(services);
  const { target_kind: kind, target_id: id } = comment;
  if (kind === 'resource') return (await db.selectFrom('education_commons_resources').select('uri').where('id', '=', id).executeTakeFirst())?.uri ?? '';
  if (kind === 'collection') return (await db.selectFrom('education_commons_collections').select('actor_uri').where('id', '=', id).executeTakeFirst())?.actor_uri ?? '';
  return (await db.selectFrom('education_commons_communities').select('actor_uri').where('id', '=', id).executeTakeFirst())?.actor_uri ?? '';
}

function page(title: string, uri: string, body: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="alternate" type="application/activity+json" href="${escapeHtml(uri)}"></head><body><h1>${escapeHtml(title)}</h1>${body.join('')}</body></html>`;
}
