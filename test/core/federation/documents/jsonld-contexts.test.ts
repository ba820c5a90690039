import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_CONTEXT_URLS,
  bundledContext,
  bundledDocumentLoader,
  isActivityStreamsDocument,
} from '../../../../core/src/federation/jsonld/index.js';
import { activityPubFixtureNames, readActivityPubFixture } from '../fixtures/activitypub-fixtures.js';
import { createFederationTestApp, type FederationTestApp } from '../fixtures/federation-app.js';

const AS = 'https://www.w3.org/ns/activitystreams#';
const SEC = 'https://w3id.org/security#';

describe('bundled JSON-LD contexts', () => {
  it('answers every bundled URL with a context document, and the common spellings of them', () => {
    for (const url of BUNDLED_CONTEXT_URLS) expect(bundledContext(url), url).toHaveProperty('@context');
    expect(bundledContext('https://www.w3.org/ns/activitystreams')).toBe(bundledContext('http://www.w3.org/ns/activitystreams'));
    expect(bundledContext('https://www.w3.org/ns/activitystreams.jsonld')).toBe(bundledContext('https://www.w3.org/ns/activitystreams'));
    expect(bundledContext('https://pleroma.example/schemas/litepub-0.1.jsonld')).toHaveProperty('@context');
    expect(bundledContext('https://example.org/unknown-context')).toBeNull();
  });

  it('refuses, rather than fetches, a context it does not bundle', async () => {
    await expect(bundledDocumentLoader('https://example.org/unknown-context')).rejects.toThrow(/is not bundled/);
    await expect(jsonld.expand({ '@context': 'https://example.org/unknown-context', type: 'Note' }, { documentLoader: bundledDocumentLoader })).rejects.toThrow();
  });

  // Lemmy's captures (and mastodon/delete-actor.json, whose context lost its AS entry) were stored
  // without the ActivityStreams context: nothing in them would expand.
  const withContext = activityPubFixtureNames().filter((name) => isActivityStreamsDocument(readActivityPubFixture(name)));

  it('has captured documents in the ActivityStreams context to expand', () => {
    expect(withContext.length).toBeGreaterThanOrEqual(40);
    expect(withContext).not.toContain('mastodon/delete-actor.json');
  });

  it.each(withContext)('expands %s with bundled contexts only', async (name) => {
    const document = readActivityPubFixture(name) as Record<string, unknown>;
    const [expanded] = await jsonld.expand(document, { documentLoader: bundledDocumentLoader });
    expect(expanded['@id'] ?? null).toBe(document.id ?? null);
    expect(expanded['@type'].length).toBeGreaterThan(0);
  });

  it('recognises documents in the ActivityStreams context, as a string or in an array', () => {
    expect(isActivityStreamsDocument({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Note' })).toBe(true);
    expect(isActivityStreamsDocument({ '@context': ['https://w3id.org/security/v1', 'https://www.w3.org/ns/activitystreams'], type: 'Note' })).toBe(true);
    expect(isActivityStreamsDocument({ '@context': [{ toot: 'http://joinmastodon.org/ns#' }, 'http://www.w3.org/ns/activitystreams'] })).toBe(true);
    expect(isActivityStreamsDocument({ type: 'Note' })).toBe(false);
    expect(isActivityStreamsDocument({ '@context': 'https://schema.org', type: 'Note' })).toBe(false);
    expect(isActivityStreamsDocument({ '@context': [{ as: 'https://www.w3.org/ns/activitystreams#' }] })).toBe(false);
    expect(isActivityStreamsDocument(['https://www.w3.org/ns/activitystreams'])).toBe(false);
    expect(isActivityStreamsDocument(null)).toBe(false);
  });
});

describe('our actor document as JSON-LD', () => {
  let app: FederationTestApp;
  beforeAll(async () => {
    app = await createFederationTestApp();
    await app.signUp('alice');
  });
  afterAll(() => app.close());

  it('expands with bundled contexts to the terms other servers read', async () => {
    const document = (await app.app.inject({ url: '/actors/alice', headers: { accept: 'application/activity+json' } })).json();
    const [actor] = await jsonld.expand(document, { documentLoader: bundledDocumentLoader });
    expect(actor['@type']).toEqual([`${AS}Person`]);
    expect(actor[`${AS}preferredUsername`]).toEqual([{ '@value': 'alice' }]);
    expect(actor[`${AS}manuallyApprovesFollowers`]).toEqual([{ '@value': false }]);
    expect(actor['http://joinmastodon.org/ns#discoverable']).toEqual([{ '@value': true }]);
    expect(actor['http://joinmastodon.org/ns#featured']).toEqual([{ '@id': 'http://127.0.0.1:8080/actors/alice/featured' }]);
    expect(actor[`${SEC}publicKey`][0][`${SEC}publicKeyPem`][0]['@value']).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const [multikey] = actor[`${SEC}assertionMethod`];
    expect(multikey['@type']).toEqual([`${SEC}Multikey`]);
    expect(multikey[`${SEC}controller`]).toEqual([{ '@id': 'http://127.0.0.1:8080/actors/alice' }]);
    expect(multikey[`${SEC}publicKeyMultibase`][0]).toMatchObject({ '@type': `${SEC}multibase`, '@value': expect.stringMatching(/^z6Mk/) });
  });
});
