import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_PUBLIC } from '@commonplace/sdk';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { linksPlugin } from '../src/index.js';
import { DELETE_LINK, EDIT_LINK, failure, LINK, ok, SAVE_LINK, type LinkFields } from './support/graphql.js';

const ACTIVITY_JSON = 'application/activity+json';

describe('links through the API', () => {
  let instance: TestInstance;
  let alice: TestUser;
  let bob: TestUser;
  let link: LinkFields;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [{ plugin: linksPlugin, settings: { maxTitleLength: 40 } }] });
    alice = await instance.signUp('alice');
    bob = await instance.signUp('bob');
  });
  afterAll(async () => {
    await instance?.close();
  });

  it('saves a link as a Page attributed to its owner, served at its id', async () => {
    ({ saveLink: link } = await ok<{ saveLink: LinkFields }>(
      instance,
      SAVE_LINK,
      { input: { url: 'https://www.gutenberg.org/ebooks/1342', title: 'Pride and Prejudice', note: 'For the reading group.' } },
      alice,
    ));
    const { me } = await ok<{ me: { actor: { uri: string } } }>(instance, '{ me { actor { uri } } }', {}, alice);
    expect(link).toMatchObject({ title: 'Pride and Prejudice', note: 'For the reading group.', ownerUri: me.actor.uri, likeCount: 0 });
    expect(new URL(link.uri).pathname).toBe(`/links/${link.id}`);

    const response = await instance.inject({ url: new URL(link.uri).pathname, headers: { accept: ACTIVITY_JSON } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: link.uri, type: 'Page', attributedTo: me.actor.uri, name: 'Pride and Prejudice', url: link.url });
    // Public, and copied to the owner's followers: the collection core names in the owner's actor document.
    const actor = await instance.inject({ url: new URL(me.actor.uri).pathname, headers: { accept: ACTIVITY_JSON } });
    expect(response.json()).toMatchObject({ to: [AS_PUBLIC], cc: [actor.json().followers] });
  });

  it('refuses bad input naming the field, with the limit from the settings', async () => {
    const longTitle = await failure(instance, SAVE_LINK, { input: { url: 'https://example.org/', title: 'x'.repeat(41) } }, alice);
    expect(longTitle.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(longTitle.message).toContain('40');
    const notHttp = await failure(instance, SAVE_LINK, { input: { url: 'javascript:alert(1)', title: 'Nope' } }, alice);
    expect(notHttp.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const anonymous = await failure(instance, SAVE_LINK, { input: { url: 'https://example.org/', title: 'Anyone?' } });
    expect(anonymous.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets only the owner edit a link', async () => {
    const refused = await failure(instance, EDIT_LINK, { input: { id: link.id, title: 'Mine now' } }, bob);
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    expect((await ok<{ link: LinkFields }>(instance, LINK, { id: link.id })).link.title).toBe('Pride and Prejudice');

    const { editLink } = await ok<{ editLink: LinkFields }>(instance, EDIT_LINK, { input: { id: link.id, note: 'Chapters 1 to 10 first.' } }, alice);
    expect(editLink).toMatchObject({ title: 'Pride and Prejudice', note: 'Chapters 1 to 10 first.' });
    expect((await failure(instance, EDIT_LINK, { input: { id: 'not-an-id', title: 'x' } }, alice)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.id' });
  });

  it('finds the link by search once indexed, and not after it is deleted', async () => {
    await instance.drainJobs();
    const search = `{ search(query: "prejudice") { nodes { ... on LinksLink { id title } } } }`;
    const found = await ok<{ search: { nodes: Array<{ id?: string }> } }>(instance, search);
    expect(found.search.nodes.map((node) => node.id)).toEqual([link.id]);

    expect((await failure(instance, DELETE_LINK, { id: link.id }, bob)).extensions?.code).toBe('FORBIDDEN');
    await ok(instance, DELETE_LINK, { id: link.id }, alice);
    await instance.drainJobs();
    expect((await ok<{ search: { nodes: unknown[] } }>(instance, search)).search.nodes).toEqual([]);
    expect((await ok<{ link: LinkFields | null }>(instance, LINK, { id: link.id })).link).toBeNull();
  });

  it('answers 410 with a Tombstone at a deleted link’s id', async () => {
    const response = await instance.inject({ url: new URL(link.uri).pathname, headers: { accept: ACTIVITY_JSON } });
    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ id: link.uri, type: 'Tombstone', formerType: 'Page' });
  });

  it('lists the viewer’s own links, newest first', async () => {
    for (const title of ['One', 'Two']) await ok(instance, SAVE_LINK, { input: { url: `https://example.org/${title}`, title } }, bob);
    const { myLinks } = await ok<{ myLinks: { nodes: LinkFields[] } }>(instance, '{ myLinks(first: 10) { nodes { title } } }', {}, bob);
    expect(myLinks.nodes.map((node) => node.title)).toEqual(['Two', 'One']);
  });
});
