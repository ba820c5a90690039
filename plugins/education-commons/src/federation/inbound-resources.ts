import { dropActivity, publicVisibilityOf, type ActivityPubObject, type InboxHandlerResult } from '@commonplace/sdk';
import type { EducationCommonsServices } from '../services.js';
import { indexDocument, resourceSearchDocument } from '../search/documents.js';
import { commonsOf, jsonb } from '../shared/commons.js';
import type { CommonsExecutor, ResourceRow } from '../tables.js';
import { canonicalLanguage, findLevel, findLicence, findResourceType, findSubject } from '../vocabularies/index.js';
import { tombstoneCopies } from './inbound-removals.js';
import { mayPostFromAfar } from './posting-rights.js';
import { hostOf } from './uris.js';
import { dateOf, firstOf, httpUrlOf, idOf, REMOTE_TEXT_LIMIT, termCodeOf, text, typeOf } from './wire-values.js';

/**
 * A remote resource (a Page or Document) arriving in a Create, an Update or a Group's Announce: kept as
 * a copy by its ActivityPub id, filed in the community (and collection) it names when that is ours,
 * and indexed for search. Only public ones are kept (see inbound.ts).
 */

/** `activity`: the Create or Update that carried the object, whose `to`/`cc` stand in for missing ones of the object. */
export async function storeRemoteResource(services: EducationCommonsServices, object: ActivityPubObject, activity?: ActivityPubObject): Promise<InboxHandlerResult> {
  const { db, publicUrl, now } = commonsOf(services);
  const uri = typeof object.id === 'string' ? object.id : null;
  const origin = uri ? hostOf(uri) : null;
  // Our own objects come back in Announces of our communities: we already hold them.
  if (!uri || !origin || origin === hostOf(publicUrl)) return;
  if (publicVisibilityOf(object, activity) === null) {
    const hidden = await tombstoneCopies(services, uri, origin);
    services.log.debug({ object: uri, hidden }, 'education-commons: a remote resource not addressed to the public is not kept (copies are listed to everyone)');
    // An Update that took a copy down is kept (relayed, so the Group's followers take theirs down too).
    return hidden > 0 ? undefined : dropActivity('a resource not addressed to the public is not kept');
  }
  const name = text(object.name, 500);
  const url = httpUrlOf(object.url);
  const author = idOf(Array.isArray(object.attributedTo) ? object.attributedTo[0] : object.attributedTo);
  if (!name || !url || !author) return dropActivity('a resource without a name, an http(s) url or an author');

  const licenceText = typeof object.license === 'string' ? object.license : idOf(object.license) ?? '';
  const communityUri = idOf(Array.isArray(object.audience) ? object.audience[0] : object.audience);
  const collectionUri = idOf(object.isPartOf);
  const derivedFromUri = idOf(object.isBasedOn);
  const community = communityUri
    ? await db.selectFrom('education_commons_communities').select(['id', 'actor_uri']).where('actor_uri', '=', communityUri).executeTakeFirst()
    : undefined;
  // Filed in one of our collections only when it also names that collection's community.
  const collection =
    collectionUri && community
      ? await db.selectFrom('education_commons_collections').select('id').where('actor_uri', '=', collectionUri).where('community_id', '=', community.id).executeTakeFirst()
      : undefined;
  if (community && !(await mayPostFromAfar(services, db, community.id, author))) return dropActivity('not an approved member of the community');
  const derivedFrom = derivedFromUri ? await db.selectFrom('education_commons_resources').select('id').where('uri', '=', derivedFromUri).executeTakeFirst() : undefined;
  const published = dateOf(object.published) ?? now();
  const values = {
    kind: (typeOf(object) === 'Document' ? 'file' : 'link') as ResourceRow['kind'],
    name,
    summary: text(object.summary, REMOTE_TEXT_LIMIT),
    url,
    media_type: typeof (object.url as { mediaType?: unknown } | undefined)?.mediaType === 'string' ? String((object.url as { mediaType: string }).mediaType).slice(0, 200) : null,
    licence: findLicence(licenceText)?.id ?? (licenceText.slice(0, 500) || 'NOASSERTION'),
    language: typeof object.inLanguage === 'string' ? canonicalLanguage(object.inLanguage) ?? null : null,
    level: findLevel(termCodeOf(object.educationalLevel) ?? '')?.code ?? null,
    subject: firstOf(object.about, (term) => findSubject(termCodeOf(term) ?? '')?.code),
    resource_type: findResourceType(termCodeOf(object.learningResourceType) ?? idOf(object.learningResourceType) ?? '')?.code ?? null,
    learning_outcomes: jsonb(
      (Array.isArray(object.teaches) ? object.teaches : object.teaches ? [object.teaches] : [])
        .map((outcome) => text(outcome, 500))
        .filter((outcome): outcome is string => outcome !== null)
        .slice(0, 50),
    ),
    credited_author: text(object.creditText, 200),
    original_url: httpUrlOf(object.sameAs),
    derived_from_uri: derivedFromUri,
    derived_from_id: derivedFrom?.id ?? null,
    community_uri: communityUri,
    community_id: community?.id ?? null,
    collection_id: collection?.id ?? null,
    author_uri: author,
    updated_at: dateOf(object.updated) ?? published,
  };
  const row = await (db as CommonsExecutor)
    .insertInto('education_commons_resources')
    .values({
      id: crypto.randomUUID(),
      uri,
      origin_host: origin,
      author_actor_id: null,
      upload_id: null,
      like_count: 0,
      created_at: published,
      deleted_at: null,
      ...values,
    })
    .onConflict((oc) => oc.column('uri').doUpdateSet(values).where('education_commons_resources.origin_host', '=', origin).where('education_commons_resources.deleted_at', 'is', null))
    .returningAll()
    .executeTakeFirst();
  // The uri is a copy we tombstoned, or one from another origin: neither is overwritten.
  if (!row) return dropActivity('a resource deleted here, or held from another origin');
  if (community) await db.updateTable('education_commons_communities').set({ last_activity_at: now() }).where('id', '=', community.id).execute();
  const stored = typeof row.learning_outcomes === 'string' ? { ...row, learning_outcomes: JSON.parse(row.learning_outcomes) as string[] } : row;
  await indexDocument(services, resourceSearchDocument(stored), db);
}
