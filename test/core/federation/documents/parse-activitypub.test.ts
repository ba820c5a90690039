import { describe, expect, it } from 'vitest';
import { parseActivityPubDocument, type ActivityPubDocument } from '../../../../core/src/federation/documents/index.js';
import { activityPubFixtureNames, readActivityPubFixture } from '../fixtures/activitypub-fixtures.js';
import { EXPECTED_DOCUMENTS } from '../fixtures/activitypub-expectations.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

function parsed(json: unknown): ActivityPubDocument {
  const result = parseActivityPubDocument(json);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.document;
}

const fixture = (name: string) => parsed(readActivityPubFixture(name));

describe('parsing the documents other servers send', () => {
  it('has an expectation for each of the 59 captured documents', () => {
    expect(activityPubFixtureNames()).toHaveLength(59);
    expect(Object.keys(EXPECTED_DOCUMENTS).sort()).toEqual(activityPubFixtureNames());
  });

  it.each(Object.entries(EXPECTED_DOCUMENTS))('parses %s', (name, expected) => {
    const document = fixture(name);
    expect(document.type).toBe(expected.type);
    expect(document.id).toBe(expected.id);
    expect(document.actor).toBe(expected.actor ?? null);
    expect(document.attributedTo).toEqual(expected.attributedTo ?? []);
    if (expected.object === undefined) expect(document.object).toBeNull();
    else if (typeof expected.object === 'string') expect(document.object).toEqual({ id: expected.object, embedded: null });
    else if (Array.isArray(expected.object)) expect(document.objects.map((object) => object.id)).toEqual(expected.object);
    else {
      expect(document.object?.id).toBe(expected.object.id);
      expect(document.object?.embedded?.type).toBe(expected.object.type);
    }
  });
});

describe('what the normalised view makes of each server’s habits', () => {
  it('reads Mastodon addressing and an embedded Note with its reply target', () => {
    const create = fixture('mastodon/create-note.json');
    expect(create.to).toEqual(['https://mastodon.madrid/users/felix/followers']);
    expect(create.cc).toEqual([PUBLIC, 'https://mamot.fr/users/retiolus']);
    expect(create.isPublic).toBe(true);
    expect(create.published).toBeInstanceOf(Date);
    expect(create.object?.embedded?.inReplyTo).toBe('https://mamot.fr/users/retiolus/statuses/107224244380204526');
  });

  it('reads GoToSocial’s single-string `to` and its transient Delete without id', () => {
    const remove = fixture('gotosocial/delete-note.json');
    expect(remove.id).toBeNull();
    expect(remove.to).toEqual([PUBLIC]);
    expect(remove.isPublic).toBe(true);
  });

  it('reads Misskey’s _misskey_* fields and its quote', () => {
    const quote = fixture('misskey/note-quote.json');
    expect(quote.quote).toBe('https://misskey.io/notes/8vs6wxufd0');
    expect(quote.misskey).toHaveProperty('content');
    expect(quote.misskey.quote).toBe('https://misskey.io/notes/8vs6wxufd0');
    expect(fixture('misskey/like-custom-emoji-reaction.json').misskey.reaction).toBe(':hanapog:');
  });

  it('reads a Lemmy Page with its title and community audience, inside an Announce of a Create', () => {
    const page = fixture('lemmy/page.json');
    expect(page.name).toBe('Post title');
    expect(page.audience).toEqual(['https://enterprise.lemmy.ml/c/tenforward']);
    const announce = fixture('lemmy/announce-create-page.json');
    expect(announce.object?.embedded?.type).toBe('Create');
    expect(announce.object?.embedded?.object?.embedded?.type).toBe('Page');
  });

  it('reads a PeerTube Video: attributedTo as objects, the HTML page among its url Links', () => {
    const video = fixture('peertube/video.json');
    expect(video.url).toBe('https://tilvids.com/videos/watch/e7946124-7b72-4ad7-9d22-844a84bb2de1');
  });

  it('reads a Mobilizon Event’s times', () => {
    const event = fixture('mobilizon/event.json');
    expect(event.name).toBe('Caledonian scottish dance class');
    expect(event.startTime?.toISOString()).toBe('2022-12-11T19:00:00.000Z');
    expect(event.endTime?.toISOString()).toBe('2022-12-11T21:00:00.000Z');
  });

  it('reads GoToSocial’s interaction policy in both spellings', () => {
    const note = parsed({
      id: 'https://gts.example/users/a/statuses/1',
      type: 'Note',
      attributedTo: 'https://gts.example/users/a',
      interactionPolicy: {
        canLike: { always: [PUBLIC] },
        canReply: { always: ['https://gts.example/users/a'], approvalRequired: ['as:Public'] },
        canAnnounce: { automaticApproval: ['https://gts.example/users/a/followers'], manualApproval: [] },
      },
    });
    expect(note.interactionPolicy).toEqual({
      canLike: { automaticApproval: [PUBLIC], manualApproval: [] },
      canReply: { automaticApproval: ['https://gts.example/users/a'], manualApproval: [PUBLIC] },
      canAnnounce: { automaticApproval: ['https://gts.example/users/a/followers'], manualApproval: [] },
    });
  });

  it('takes `type` as an array, actors as objects or arrays, and content from contentMap', () => {
    const document = parsed({
      id: 'https://example.org/objects/1',
      type: ['Note', 'schema:CreativeWork'],
      actor: [{ type: 'Person', id: 'https://example.org/users/a' }, 'https://example.org/users/b'],
      contentMap: { en: '<p>Hello</p>' },
      to: 'Public',
    });
    expect(document.type).toBe('Note');
    expect(document.types).toEqual(['Note', 'schema:CreativeWork']);
    expect(document.actor).toBe('https://example.org/users/a');
    expect(document.actors).toEqual(['https://example.org/users/a', 'https://example.org/users/b']);
    expect(document.content).toBe('<p>Hello</p>');
    expect(document.isPublic).toBe(true);
  });
});

describe('refusing what is not an ActivityPub document', () => {
  it.each([
    [null, /must be a JSON object, not null/],
    [[{ type: 'Note' }], /must be a JSON object, not an array/],
    ['Note', /must be a JSON object, not a string/],
    [42, /must be a JSON object, not a number/],
    [{ id: 'https://example.org/1' }, /has no type/],
    [{ type: [] }, /has no type/],
    [{ type: 42 }, /type must be a string or an array of strings/],
    [{ type: ['Note', 7] }, /type must be a string or an array of strings/],
    [{ type: 'Note', id: 17 }, /id must be a string/],
    [{ type: 'Note', id: 'objects/1' }, /is not an absolute URL/],
  ])('refuses %j with a reason', (json, reason) => {
    const result = parseActivityPubDocument(json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
