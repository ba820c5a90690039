import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Create, Group, Note, Page, PUBLIC_COLLECTION, traverseCollection } from '@fedify/fedify/vocab';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin, type EducationCommonsServices } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

const ACTIVITY_JSON = { accept: 'application/activity+json' };
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id uri } }`;
const PAGE_SIZE = 2;
/** A Create of a Note as Mastodon sends it, captured (test/fixtures/activitypub: its README says from where). */
const MASTODON_CREATE_NOTE = new URL('../fixtures/activitypub/mastodon/create-note.json', import.meta.url);

/**
 * Comments are the `replies` of what they answer: a resource's collection lists its top-level
 * comments, each comment's its direct replies, so a peer walks a thread reply by reply; a community's
 * or collection's top-level comments are the `replies` of its Group actor. Core serves the collections
 * (`<id>/replies`, `federation.collectionPageSize` to a page) from the plugin's hooks.
 */
describe('comments as replies collections', () => {
  let instance: TestInstance;
  let publicUrl: string;
  let peer: FedifyPeer;
  let alice: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string; uri: string };

  beforeAll(async () => {
    ({ instance, publicUrl } = await listeningInstance([educationCommonsPlugin], 'Threads commons', { collectionPageSize: PAGE_SIZE }));
    peer = await startFedifyPeer();
    alice = await instance.signUp('alice');
    ({ community, collection } = await communityWithCollection(instance, alice, 'Threaded teachers'));
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const newResource = async (name: string) =>
    (await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name } }, alice)).createResource as { id: string; uri: string };
  const comment = async (targetId: string, content: string, inReplyToId?: string) =>
    (await ok(instance, COMMENT, { input: { targetId, content, ...(inReplyToId ? { inReplyToId } : {}) } }, alice)).comment as { id: string; uri: string };
  const getJson = async (url: string) => {
    const response = await fetch(url, { headers: ACTIVITY_JSON });
    expect(response.status, url).toBe(200);
    return (await response.json()) as Record<string, any>;
  };
  let n = 0;
  /** Mastodon's own Create of a Note (captured), moved to the peer's host, top-level, mentioning `mentioned`. */
  const mastodonPost = (mentioned: string, text: string, alsoMentioned: string[] = []) => {
    const captured = JSON.parse(readFileSync(MASTODON_CREATE_NOTE, 'utf8')) as Record<string, any>;
    const id = `${peer.actorId}/statuses/mention-${++n}`;
    const addressing = { to: [PUBLIC_COLLECTION.href], cc: [`${peer.actorId}/followers`, mentioned, ...alsoMentioned] };
    const content = `<p><span class="h-card"><a href="${mentioned}" class="u-url mention">@<span>someone</span></a></span> ${text}</p>`;
    const object = {
      ...captured.object,
      id,
      inReplyTo: null,
      inReplyToAtomUri: null,
      url: id,
      atomUri: id,
      attributedTo: peer.actorId,
      ...addressing,
      // Each its own time: the comments' order below is by it.
      published: new Date(Date.parse('2025-06-01T12:00:00Z') + n * 60_000).toISOString(),
      content,
      contentMap: { en: content },
      tag: [{ type: 'Mention', href: mentioned, name: '@someone@commons' }],
      replies: undefined,
    };
    return { ...captured, id: `${id}/activity`, actor: peer.actorId, ...addressing, object };
  };
  /** Every item of a collection, page by page, following `next`. */
  const allPages = async (collectionUrl: string) => {
    const pages: unknown[][] = [];
    let next: string | undefined = (await getJson(collectionUrl)).first;
    while (next) {
      const page = await getJson(next);
      expect(page).toMatchObject({ type: 'OrderedCollectionPage', partOf: collectionUrl });
      pages.push(page.orderedItems);
      next = page.next;
    }
    return pages;
  };
  const itemsOf = async (collectionUrl: string) => (await allPages(collectionUrl)).flat();

  it('lists a resource’s live top-level comments in its `replies`, in pages, and each comment’s replies in its own', async () => {
    const resource = await newResource('Threaded resource');
    const first = await comment(resource.id, 'Used it in week one.');
    const second = await comment(resource.id, 'The exercises are good.');
    const gone = await comment(resource.id, 'Posted by mistake.');
    await ok(instance, `mutation($id: ID!) { deleteComment(id: $id) { deleted } }`, { id: gone.id }, alice);
    const third = await comment(resource.id, 'Chapter 3 is hard.');
    const reply = await comment(resource.id, 'Same here.', first.id);
    const replyToReply = await comment(resource.id, 'Which part?', reply.id);

    const document = await getJson(resource.uri);
    expect(document.replies).toEqual({ id: `${resource.uri}/replies`, type: 'OrderedCollection', totalItems: 3, first: `${resource.uri}/replies?page=true` });
    expect(await allPages(`${resource.uri}/replies`)).toEqual([[first.uri, second.uri], [third.uri]]);

    const firstNote = await getJson(first.uri);
    expect(firstNote).toMatchObject({ type: 'Note', inReplyTo: resource.uri, replies: { totalItems: 1 } });
    expect(await allPages(`${first.uri}/replies`)).toEqual([[reply.uri]]);
    expect(await allPages(`${reply.uri}/replies`)).toEqual([[replyToReply.uri]]);

    // A deleted comment is a Tombstone: its replies collection is Gone too.
    expect((await fetch(`${gone.uri}/replies`, { headers: ACTIVITY_JSON })).status).toBe(410);
    expect((await fetch(`${publicUrl}/education-commons/comments/${crypto.randomUUID()}/replies`, { headers: ACTIVITY_JSON })).status).toBe(404);
  });

  it('lets a Fedify peer walk a resource’s thread with getReplies and traverseCollection', async () => {
    const resource = await newResource('Walked by Fedify');
    const comments = [await comment(resource.id, 'One'), await comment(resource.id, 'Two'), await comment(resource.id, 'Three')];
    const nested = await comment(resource.id, 'One point one', comments[0]!.id);

    const page = await peer.context().lookupObject(resource.uri);
    expect(page).toBeInstanceOf(Page);
    const replies = await (page as Page).getReplies();
    expect(replies?.totalItems).toBe(3);
    const notes: Note[] = [];
    for await (const item of traverseCollection(replies!)) {
      expect(item).toBeInstanceOf(Note);
      notes.push(item as Note);
    }
    expect(notes.map((note) => note.id?.href)).toEqual(comments.map((c) => c.uri));
    expect(notes.map((note) => note.content?.toString())).toEqual(['<p>One</p>', '<p>Two</p>', '<p>Three</p>']);

    const nestedReplies = await notes[0]!.getReplies();
    const nestedIds: string[] = [];
    for await (const item of traverseCollection(nestedReplies!)) nestedIds.push(item.id!.href);
    expect(nestedIds).toEqual([nested.uri]);
  });

  it('adds a public reply from another server to the collection and keeps a followers-only one out', async () => {
    const resource = await newResource('Answered from afar');
    const ctx = peer.context();
    const author = await ctx.lookupObject((await ok(instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri);
    const reply = async (n: number, addressing: { to: URL; cc?: URL }) => {
      const id = new URL(`${peer.actorId}/notes/${n}`);
      const note = new Note({ id, attribution: new URL(peer.actorId), content: `<p>reply ${n}</p>`, replyTarget: new URL(resource.uri), ...addressing });
      await ctx.sendActivity({ identifier: 'mona' }, author as never, new Create({ id: new URL(`${id.href}/activity`), actor: new URL(peer.actorId), object: note, ...addressing }));
      return id.href;
    };
    // The inbox answers only once each activity is committed, so both have been handled when these return.
    await reply(1, { to: new URL(`${peer.actorId}/followers`) });
    const publicReply = await reply(2, { to: PUBLIC_COLLECTION, cc: new URL(`${peer.actorId}/followers`) });

    expect(await allPages(`${resource.uri}/replies`)).toEqual([[publicReply]]);
    const { resource: listed } = await ok(instance, `query($id: ID!) { resource(id: $id) { comments { nodes { uri } } } }`, { id: resource.id });
    expect(listed.comments.nodes).toEqual([{ uri: publicReply }]);
  });

  it('lists a community’s and a collection’s live top-level comments in their Group’s `replies`, in pages', async () => {
    const onCommunity = [await comment(community.id, 'Welcome, everyone.'), await comment(community.id, 'Meeting on Friday?')];
    const gone = await comment(community.id, 'Wrong community.');
    await ok(instance, `mutation($id: ID!) { deleteComment(id: $id) { deleted } }`, { id: gone.id }, alice);
    onCommunity.push(await comment(community.id, 'Agenda attached.'));
    const answer = await comment(community.id, 'Friday works.', onCommunity[1]!.id);
    const onCollection = await comment(collection.id, 'Great picks.');

    const group = await getJson(community.uri);
    expect(group).toMatchObject({ type: 'Group', replies: `${community.uri}/replies` });
    expect(await getJson(`${community.uri}/replies`)).toMatchObject({ type: 'OrderedCollection', totalItems: 3 });
    expect(await allPages(`${community.uri}/replies`)).toEqual([[onCommunity[0]!.uri, onCommunity[1]!.uri], [onCommunity[2]!.uri]]);
    // An answer to a comment is in that comment's collection; the collection's Group has its own thread.
    expect(await allPages(`${onCommunity[1]!.uri}/replies`)).toEqual([[answer.uri]]);
    expect((await getJson(collection.uri)).replies).toBe(`${collection.uri}/replies`);
    expect(await allPages(`${collection.uri}/replies`)).toEqual([[onCollection.uri]]);
    // A person's actor is no thread of ours.
    const aliceUri = (await ok(instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri;
    expect((await getJson(aliceUri)).replies).toBeUndefined();
    expect((await fetch(`${aliceUri}/replies`, { headers: ACTIVITY_JSON })).status).toBe(404);
  });

  it('lets a Fedify peer walk a community’s thread from its Group, a public reply from afar included', async () => {
    const made = await communityWithCollection(instance, alice, 'Walked community');
    const ours = [await comment(made.community.id, 'First post'), await comment(made.community.id, 'Second post')];
    // A public reply to the Group from afar, in plain ActivityStreams (no context of ours): core gives it to
    // the plugin whose Group it answers.
    const fromAfar = `${peer.actorId}/notes/community-1`;
    const context = 'https://www.w3.org/ns/activitystreams';
    const note = { '@context': context, id: fromAfar, type: 'Note', content: '<p>Hello from afar</p>', inReplyTo: made.community.uri, attributedTo: peer.actorId, to: [PUBLIC_COLLECTION.href] };
    expect(await peer.deliver(`${publicUrl}/inbox`, { '@context': context, id: `${fromAfar}/activity`, type: 'Create', actor: peer.actorId, object: note, to: [PUBLIC_COLLECTION.href] })).toBe(202);

    const group = await peer.context().lookupObject(made.community.uri);
    expect(group).toBeInstanceOf(Group);
    const replies = await (group as Group).getReplies();
    expect(replies?.id?.href).toBe(`${made.community.uri}/replies`);
    expect(replies?.totalItems).toBe(3);
    // Page by page by id: the peer would fetch the last item from itself.
    const ids: string[] = [];
    for (let page = await replies!.getFirst(); page; page = await page.getNext()) ids.push(...page.itemIds.map((id) => id.href));
    expect(ids).toEqual([...ours.map((c) => c.uri), fromAfar]);
  });

  it('takes a Mastodon post that mentions a community, or a collection, as a top-level comment there, and ignores one that mentions a person', async () => {
    const made = await communityWithCollection(instance, alice, 'Mentioned community');
    const aliceUri = (await ok(instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri as string;
    // The peer follows the community, as a Mastodon user would, to see its posts.
    await peer.follow(made.community.uri);
    await eventually([instance], async () => peer.received.find((activity) => activity.type === 'Accept' && activity.actorId === made.community.uri));
    const toCommunity = mastodonPost(made.community.uri, 'Has anyone tried the fractions unit?');
    const toCollection = mastodonPost(made.collection.uri, 'Is this collection for year 7?');
    const toPerson = mastodonPost(aliceUri, 'Hello Alice');
    for (const post of [toCommunity, toCollection, toPerson]) expect(await peer.deliver(`${publicUrl}/inbox`, post)).toBe(202);

    expect(await itemsOf(`${made.community.uri}/replies`)).toEqual([toCommunity.object.id]);
    // The community's Group relays the post to its followers (FEP-1b12), the bare Note among them.
    await eventually([instance], async () =>
      peer.received.find((activity) => activity.type === 'Announce' && activity.actorId === made.community.uri && activity.objectId === toCommunity.object.id),
    );
    expect(await itemsOf(`${made.collection.uri}/replies`)).toEqual([toCollection.object.id]);
    const stored = await instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id).db
      .selectFrom('education_commons_comments')
      .select(['uri', 'target_kind', 'content', 'in_reply_to_id'])
      .where('uri', 'in', [toCommunity.object.id, toCollection.object.id, toPerson.object.id])
      .orderBy('created_at')
      .execute();
    expect(stored).toEqual([
      { uri: toCommunity.object.id, target_kind: 'community', content: '@someone Has anyone tried the fractions unit?', in_reply_to_id: null },
      { uri: toCollection.object.id, target_kind: 'collection', content: '@someone Is this collection for year 7?', in_reply_to_id: null },
    ]);

    // Across a block between the sender and the Group, a mention posts nothing, even when it also
    // mentions someone who blocks nobody (so the inbox does not drop it as blocked by every recipient).
    const db = instance.services.db as any;
    const actorIdOf = async (uri: string) => (await db.selectFrom('core_actors').select('id').where('uri', '=', uri).executeTakeFirstOrThrow()).id as string;
    await db
      .insertInto('core_blocks')
      .values({ id: crypto.randomUUID(), blocker_id: await actorIdOf(made.community.uri), blocked_id: await actorIdOf(peer.actorId), created_at: new Date() })
      .execute();
    const blocked = mastodonPost(made.community.uri, 'Let me in', [aliceUri]);
    expect(await peer.deliver(`${publicUrl}/inbox`, blocked)).toBe(202);
    expect(await itemsOf(`${made.community.uri}/replies`)).toEqual([toCommunity.object.id]);
  });

  it('keeps an edited Mastodon post that no longer mentions the community where it was filed, but not across a block', async () => {
    const made = await communityWithCollection(instance, alice, 'Edited mentions');
    const post = mastodonPost(made.community.uri, 'First thoughts on fractions');
    expect(await peer.deliver(`${publicUrl}/inbox`, post)).toBe(202);
    expect(await itemsOf(`${made.community.uri}/replies`)).toEqual([post.object.id]);

    // Mastodon's edit of a post whose mention was removed: the Group is out of cc and the tags, but the
    // Update still reaches its inbox (as it does every inbox the post went to).
    let edits = 0;
    const edit = (of: ReturnType<typeof mastodonPost>, text: string) => {
      const addressing = { to: [PUBLIC_COLLECTION.href], cc: [`${peer.actorId}/followers`] };
      const content = `<p>${text}</p>`;
      const object = { ...of.object, ...addressing, content, contentMap: { en: content }, tag: [], updated: new Date(Date.parse('2025-07-01T12:00:00Z') + ++edits * 60_000).toISOString() };
      return { ...of, id: `${of.object.id}#updates/${edits}`, type: 'Update', ...addressing, published: object.updated, object };
    };
    const contentOf = async (uri: string) =>
      (await instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id).db.selectFrom('education_commons_comments').select(['content', 'target_kind', 'target_id']).where('uri', '=', uri).executeTakeFirst()) ?? null;

    expect(await peer.deliver(`${publicUrl}/inbox`, edit(post, 'Second thoughts on fractions'))).toBe(202);
    expect(await contentOf(post.object.id)).toEqual({ content: 'Second thoughts on fractions', target_kind: 'community', target_id: made.community.id });
    expect(await itemsOf(`${made.community.uri}/replies`)).toEqual([post.object.id]);

    // An edit of a post we never held, naming no Group, files nothing.
    const stranger = mastodonPost(made.community.uri, 'never delivered');
    expect(await peer.deliver(`${publicUrl}/inbox`, edit(stranger, 'An edit of something unseen'))).toBe(202);
    expect(await contentOf(stranger.object.id)).toBeNull();

    // Across a block between the community and the author, the edit changes nothing.
    const db = instance.services.db as any;
    const actorIdOf = async (uri: string) => (await db.selectFrom('core_actors').select('id').where('uri', '=', uri).executeTakeFirstOrThrow()).id as string;
    const block = { id: crypto.randomUUID(), blocker_id: await actorIdOf(made.community.uri), blocked_id: await actorIdOf(peer.actorId), created_at: new Date() };
    await db.insertInto('core_blocks').values(block).execute();
    try {
      expect(await peer.deliver(`${publicUrl}/inbox`, edit(post, 'Edited across a block'))).toBe(202);
      expect((await contentOf(post.object.id))?.content).toBe('Second thoughts on fractions');
    } finally {
      await db.deleteFrom('core_blocks').where('id', '=', block.id).execute();
    }
  });
});
