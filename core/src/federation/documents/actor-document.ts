import { ACTIVITYSTREAMS_CONTEXT, MULTIKEY_V1_CONTEXT, SECURITY_V1_CONTEXT } from '../jsonld/activitystreams-context.js';
import type { ActorUrls } from './actor-urls.js';
import type { ActorPublicKeys, LocalActor } from './local-actor-directory.js';
import { plainTextAsHtml, plainTextForFederation } from '@commonplace/sdk';
import { ed25519PublicKeyMultibase } from './multikey.js';
import { withPluginFields } from './actor-fields.js';

/**
 * Terms our actors use beyond ActivityStreams and security v1, mapped as Mastodon maps them so
 * Mastodon-family servers read them; `assertionMethod` as the DID/data-integrity vocabulary defines it.
 */
export const ACTOR_EXTRA_TERMS = {
  manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
  toot: 'http://joinmastodon.org/ns#',
  featured: { '@id': 'toot:featured', '@type': '@id' },
  discoverable: 'toot:discoverable',
  // What plugins add through `federation.actorFields`, as Mastodon maps them: profile fields and aliases.
  schema: 'http://schema.org#',
  PropertyValue: 'schema:PropertyValue',
  value: 'schema:value',
  alsoKnownAs: { '@id': 'as:alsoKnownAs', '@type': '@id' },
  assertionMethod: { '@id': 'https://w3id.org/security#assertionMethod', '@type': '@id', '@container': '@set' },
} as const;

export const ACTOR_CONTEXT = [ACTIVITYSTREAMS_CONTEXT, SECURITY_V1_CONTEXT, MULTIKEY_V1_CONTEXT, ACTOR_EXTRA_TERMS] as const;

/**
 * A local actor's ActivityPub document, compacted against ACTOR_CONTEXT; `replies`: its replies
 * collection's URL, when a plugin gives it one; `pluginFields`: what the plugins add (actor-fields.ts),
 * which never replaces a field core writes.
 */
export function renderActorDocument(
  actor: LocalActor,
  keys: ActorPublicKeys,
  urls: ActorUrls,
  extra: { replies?: string | null; pluginFields?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const document = renderCoreFields(actor, keys, urls, extra);
  return extra.pluginFields ? withPluginFields(document, extra.pluginFields) : document;
}

function renderCoreFields(actor: LocalActor, keys: ActorPublicKeys, urls: ActorUrls, extra: { replies?: string | null }): Record<string, unknown> {
  return {
    '@context': ACTOR_CONTEXT,
    id: urls.id,
    type: actor.type,
    preferredUsername: actor.username,
    // `name` is plain text in ActivityStreams (no markup, not escaped); `summary` is HTML, and ours is
    // plain text, so it goes escaped. Servers that render either as HTML get no element of ours.
    name: plainTextForFederation(actor.displayName ?? actor.username),
    summary: actor.summary ? plainTextAsHtml(actor.summary) : '',
    ...(actor.avatarUrl ? { icon: { type: 'Image', url: actor.avatarUrl } } : {}),
    url: urls.profile,
    inbox: urls.inbox,
    outbox: urls.outbox,
    followers: urls.followers,
    following: urls.following,
    featured: urls.featured,
    ...(extra.replies ? { replies: extra.replies } : {}),
    endpoints: { sharedInbox: urls.sharedInbox },
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers,
    discoverable: actor.discoverable,
    published: actor.createdAt.toISOString(),
    ...(keys.rsaPem ? { publicKey: { id: urls.rsaKey, owner: urls.id, publicKeyPem: keys.rsaPem } } : {}),
    ...(keys.ed25519Pem
      ? {
          assertionMethod: [
            { id: urls.ed25519Key, type: 'Multikey', controller: urls.id, publicKeyMultibase: ed25519PublicKeyMultibase(keys.ed25519Pem) },
          ],
        }
      : {}),
  };
}

/** What a deleted actor's URL answers (with 410 Gone): the id stays, the profile is gone. */
export function renderActorTombstone(actor: LocalActor): Record<string, unknown> {
  return {
    '@context': ACTIVITYSTREAMS_CONTEXT,
    id: actor.uri,
    type: 'Tombstone',
    formerType: actor.type,
    ...(actor.deletedAt ? { deleted: actor.deletedAt.toISOString() } : {}),
  };
}
