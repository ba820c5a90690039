import { escapeHtml, plainTextAsHtml, plainTextForFederation, type ActivityPubObject } from '@commonplace/sdk';
import { findLevel, findLicence, findResourceType, findSubject, ISCED_F_SCHEME, ISCED_LEVELS_SCHEME, LRMI_RESOURCE_TYPES_SCHEME } from '../vocabularies/index.js';
import type { CommentRow, ResourceRow } from '../tables.js';
import { commonsUrls } from './uris.js';

export const ACTIVITYSTREAMS = 'https://www.w3.org/ns/activitystreams';
export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** What a resource document names besides the row: its collection's actor and the resource it derives from. */
export interface ResourceLinks {
  collectionUri: string | null;
  derivedFromUri: string | null;
}

/**
 * A resource as ActivityStreams: a `Page` for a link, a `Document` for an uploaded file, carrying its
 * educational metadata in our context's schema.org terms. `content` repeats the essentials in HTML
 * (link, licence, level, subject) so servers that know none of those terms, Mastodon first, still
 * show a readable post.
 */
export function resourceDocument(row: ResourceRow, links: ResourceLinks, publicUrl: string): ActivityPubObject {
  const urls = commonsUrls(publicUrl);
  if (row.deleted_at) return tombstone(row.uri, row.kind === 'file' ? 'Document' : 'Page', row.deleted_at);
  const licence = findLicence(row.licence);
  const level = row.level ? findLevel(row.level) : undefined;
  const subject = row.subject ? findSubject(row.subject) : undefined;
  const type = row.resource_type ? findResourceType(row.resource_type) : undefined;
  const document: ActivityPubObject = {
    '@context': [ACTIVITYSTREAMS, urls.context],
    id: row.uri,
    type: row.kind === 'file' ? 'Document' : 'Page',
    // Plain-text terms (name, creditText, teaches) carry no markup; summary is HTML, ours escaped text.
    name: plainTextForFederation(row.name),
    ...(row.summary ? { summary: plainTextAsHtml(row.summary) } : {}),
    content: readableContent(row, licence?.name ?? row.licence, licence?.url, level?.name, subject?.name),
    mediaType: 'text/html',
    url: row.kind === 'file' ? { type: 'Link', href: row.url, ...(row.media_type ? { mediaType: row.media_type } : {}) } : row.url,
    ...(row.kind === 'file'
      ? { attachment: [{ type: 'Document', url: row.url, name: plainTextForFederation(row.name), ...(row.media_type ? { mediaType: row.media_type } : {}) }] }
      : {}),
    attributedTo: row.author_uri,
    ...(row.community_uri ? { audience: row.community_uri } : {}),
    to: [PUBLIC, ...(row.community_uri ? [row.community_uri] : [])],
    published: row.created_at.toISOString(),
    ...(row.updated_at.getTime() !== row.created_at.getTime() ? { updated: row.updated_at.toISOString() } : {}),
    license: licence?.url ?? row.licence,
    ...(row.language ? { inLanguage: row.language } : {}),
    ...(level ? { educationalLevel: definedTerm(level.code, level.name, ISCED_LEVELS_SCHEME) } : {}),
    ...(subject ? { about: [definedTerm(subject.code, subject.name, ISCED_F_SCHEME)] } : {}),
    ...(type ? { learningResourceType: { ...definedTerm(type.code, type.name, LRMI_RESOURCE_TYPES_SCHEME), id: type.iri } } : {}),
    ...(row.learning_outcomes.length > 0 ? { teaches: row.learning_outcomes.map(plainTextForFederation) } : {}),
    ...(links.derivedFromUri ? { isBasedOn: links.derivedFromUri } : {}),
    ...(links.collectionUri ? { isPartOf: links.collectionUri } : {}),
    ...(row.credited_author ? { creditText: plainTextForFederation(row.credited_author) } : {}),
    ...(row.original_url ? { sameAs: row.original_url } : {}),
  };
  return document;
}

/** A comment as a Note: `inReplyTo` the comment or object it answers, `context` the thread's root object. */
export function commentDocument(row: CommentRow, threadRootUri: string, inReplyToUri: string, communityUri: string | null): ActivityPubObject {
  if (row.deleted_at) return tombstone(row.uri, 'Note', row.deleted_at);
  return {
    '@context': ACTIVITYSTREAMS,
    id: row.uri,
    type: 'Note',
    content: plainTextAsHtml(row.content),
    mediaType: 'text/html',
    attributedTo: row.author_uri,
    inReplyTo: inReplyToUri,
    context: threadRootUri,
    ...(communityUri ? { audience: communityUri } : {}),
    to: [PUBLIC, ...(communityUri ? [communityUri] : [])],
    published: row.created_at.toISOString(),
    ...(row.updated_at.getTime() !== row.created_at.getTime() ? { updated: row.updated_at.toISOString() } : {}),
  };
}

export function tombstone(id: string, formerType: string, deleted: Date): ActivityPubObject {
  return { '@context': ACTIVITYSTREAMS, id, type: 'Tombstone', formerType, deleted: deleted.toISOString() };
}

function definedTerm(termCode: string, name: string, inDefinedTermSet: string) {
  return { type: 'DefinedTerm', termCode, name, inDefinedTermSet };
}

function readableContent(row: ResourceRow, licenceName: string, licenceUrl: string | undefined, levelName?: string, subjectName?: string): string {
  const parts = [`<p><a href="${escapeHtml(row.url)}">${escapeHtml(row.name)}</a></p>`];
  if (row.summary) parts.push(`<p>${escapeHtml(row.summary)}</p>`);
  const licence = licenceUrl ? `<a href="${escapeHtml(licenceUrl)}" rel="license">${escapeHtml(licenceName)}</a>` : escapeHtml(licenceName);
  const facts = [`Licence: ${licence}`];
  if (levelName) facts.push(`Level: ${escapeHtml(levelName)}`);
  if (subjectName) facts.push(`Subject: ${escapeHtml(subjectName)}`);
  parts.push(`<p>${facts.join(' · ')}</p>`);
  return parts.join('');
}
