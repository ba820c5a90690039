import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin, type EducationCommonsServices } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { listeningInstance } from '../support/network.js';

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const NEWEST = `{ discover { newestResources(first: 50) { nodes { uri } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, types: ["education-commons.resource"], first: 20) { nodes { ... on EducationResource { uri } } } }`;
const COMMENT = `mutation($input: EducationCommentInput!) { comment(input: $input) { id uri } }`;

type Addressing = { to?: unknown; cc?: unknown };

/**
 * Copies of other servers' resources are listed to everyone (discover, feeds, search), so only those
 * their origin addressed to the public are kept: a followers-only or direct one is not stored, and an
 * Update that narrows a copy's audience takes it out. The peer sends raw JSON (our educational terms,
 * odd addressing), HTTP-signed, to the shared inbox, which answers once the activity is committed.
 */
describe('remote resources are kept only when addressed to the public', () => {
  let instance: TestInstance;
  let publicUrl: string;
  let peer: FedifyPeer;
  let alice: TestUser;
  let aliceUri: string;
  let sent = 0;

  beforeAll(async () => {
    ({ instance, publicUrl } = await listeningInstance([educationCommonsPlugin], 'Visibility commons'));
    peer = await startFedifyPeer();
    alice = await instance.signUp('alice');
    aliceUri = (await ok(instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri;
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  const followers = () => `${peer.actorId}/followers`;
  /** A Page by mona, with a licence (so it is a resource of ours to read) and a name to search for. */
  const page = (n: number, name: string, addressing: Addressing): Record<string, unknown> => ({
    id: `${peer.actorId}/resources/${n}`,
    type: 'Page',
    name,
    url: `https://open.example/material/${n}`,
    license: 'https://creativecommons.org/licenses/by/4.0/',
    attributedTo: peer.actorId,
    published: '2025-06-01T12:00:00Z',
    ...addressing,
  });
  const send = async (type: 'Create' | 'Update' | 'Announce', object: Record<string, unknown>, addressing: Addressing) => {
    const status = await peer.deliver(`${publicUrl}/inbox`, { '@context': AS_CONTEXT, id: `${peer.actorId}/activities/${++sent}`, type, actor: peer.actorId, object, ...addressing });
    expect(status).toBeLessThan(300);
  };
  const stored = async (uri: string) =>
    (await instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id).db.selectFrom('education_commons_resources').select(['id', 'deleted_at']).where('uri', '=', uri).executeTakeFirst()) ?? null;
  const listed = async (uri: string, name: string) => {
    // The search index is written by jobs: let them run first.
    await instance.drainJobs();
    const newest = (await ok(instance, NEWEST, {})).discover.newestResources.nodes.map((node: { uri: string }) => node.uri);
    const found = (await ok(instance, SEARCH, { q: name })).search.nodes.map((node: { uri: string }) => node.uri);
    return { discover: newest.includes(uri), search: found.includes(uri) };
  };

  it('keeps a public resource and an unlisted one, and lists them in discover and search', async () => {
    const open = page(1, 'Fractions workbook', { to: [PUBLIC], cc: [followers()] });
    await send('Create', open, { to: [PUBLIC], cc: [followers()] });
    expect(await listed(open.id as string, 'fractions workbook')).toEqual({ discover: true, search: true });

    // Unlisted (as:Public only in cc, compacted as Mastodon's `as:Public`): still for anyone to read.
    const unlisted = page(2, 'Decimals workbook', { to: [followers()], cc: 'as:Public' });
    await send('Create', unlisted, { to: [followers()], cc: 'as:Public' });
    expect(await stored(unlisted.id as string)).toMatchObject({ deleted_at: null });
  });

  it('does not store a followers-only or a direct resource', async () => {
    const forFollowers = page(3, 'Percentages workbook', { to: [followers()] });
    await send('Create', forFollowers, { to: [followers()] });
    const direct = page(4, 'Ratios workbook', { to: [aliceUri] });
    await send('Create', direct, { to: [aliceUri] });

    expect(await stored(forFollowers.id as string)).toBeNull();
    expect(await stored(direct.id as string)).toBeNull();
    expect(await listed(forFollowers.id as string, 'percentages workbook')).toEqual({ discover: false, search: false });
    expect(await listed(direct.id as string, 'ratios workbook')).toEqual({ discover: false, search: false });
  });

  it('reads the Create’s addressing when the object has none, but never an Announce’s', async () => {
    const bare = (n: number, name: string) => page(n, name, {});
    await send('Create', bare(5, 'Geometry workbook'), { to: ['Public'] });
    await send('Create', bare(6, 'Algebra workbook'), { to: [followers()] });
    // The announcer's addressing says nothing of who the author meant the object for.
    await send('Announce', bare(7, 'Statistics workbook'), { to: [PUBLIC] });
    await send('Announce', page(8, 'Probability workbook', { to: [followers()] }), { to: [PUBLIC] });

    expect(await stored(`${peer.actorId}/resources/5`)).toMatchObject({ deleted_at: null });
    expect(await stored(`${peer.actorId}/resources/6`)).toBeNull();
    expect(await stored(`${peer.actorId}/resources/7`)).toBeNull();
    expect(await stored(`${peer.actorId}/resources/8`)).toBeNull();
  });

  it('takes a copy out of discover and search when an Update narrows it to followers, and keeps it out', async () => {
    const resource = page(9, 'Calculus workbook', { to: [PUBLIC] });
    await send('Create', resource, { to: [PUBLIC] });
    const copy = await stored(resource.id as string);
    expect(copy).toMatchObject({ deleted_at: null });
    await ok(instance, COMMENT, { input: { targetId: copy!.id, content: 'Useful, thanks.' } }, alice);

    await send('Update', { ...resource, to: [followers()], updated: '2025-06-02T12:00:00Z' }, { to: [followers()] });
    expect((await stored(resource.id as string))?.deleted_at).toBeInstanceOf(Date);
    expect(await listed(resource.id as string, 'calculus workbook')).toEqual({ discover: false, search: false });
    const { resource: seen } = await ok(instance, `query($id: ID!) { resource(id: $id) { deleted } }`, { id: copy!.id });
    expect(seen).toEqual({ deleted: true });

    // Made public again, it stays a tombstone, as after a Delete: a narrowed copy is gone for good.
    await send('Update', { ...resource, name: 'Calculus workbook again', updated: '2025-06-03T12:00:00Z' }, { to: [PUBLIC] });
    expect((await stored(resource.id as string))?.deleted_at).toBeInstanceOf(Date);
    expect(await listed(resource.id as string, 'calculus workbook')).toEqual({ discover: false, search: false });
  });

  it('takes a remote reply out of the thread and its `replies` when an Update narrows it', async () => {
    const { collection } = await communityWithCollection(instance, alice, 'Narrowed thread');
    const { createResource: local } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice);
    const note = { id: `${peer.actorId}/notes/1`, type: 'Note', content: '<p>Week two went well.</p>', inReplyTo: local.uri, attributedTo: peer.actorId, to: [PUBLIC] };
    const comments = async () => (await ok(instance, `query($id: ID!) { resource(id: $id) { comments { nodes { uri deleted content } } } }`, { id: local.id })).resource.comments.nodes;
    const replies = async () => ((await (await fetch(`${local.uri}/replies?page=true`, { headers: { accept: 'application/activity+json' } })).json()) as { orderedItems: unknown[] }).orderedItems;

    await send('Create', note, { to: [PUBLIC] });
    expect(await comments()).toEqual([{ uri: note.id, deleted: false, content: 'Week two went well.' }]);
    await send('Update', { ...note, to: [aliceUri], updated: '2025-06-02T12:00:00Z' }, { to: [aliceUri] });
    // Kept as a deleted comment, as a Delete leaves it, so answers to it keep their place in the thread.
    expect(await comments()).toEqual([{ uri: note.id, deleted: true, content: '' }]);
    expect(await replies()).toEqual([]);
  });
});
