import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { linksPlugin } from '../src/index.js';
import { ok, SAVE_LINK } from './support/graphql.js';

const LINKS_OF = 'query($username: String!) { linksOf(username: $username) { nodes { title } } }';

/** What the web pages read: a person's public links (the profile panel), and the pages served as HTML. */
describe('links on the web', () => {
  let instance: TestInstance;
  let alice: TestUser;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [{ plugin: linksPlugin, settings: {} }] });
    alice = await instance.signUp('alice');
    await instance.signUp('bob');
    await ok(instance, SAVE_LINK, { input: { url: 'https://example.org/a', title: 'First' } }, alice);
    await ok(instance, SAVE_LINK, { input: { url: 'https://example.org/b', title: 'Second' } }, alice);
  });
  afterAll(async () => {
    await instance?.close();
  });

  it("lists a person's links for anyone, newest first; none for someone else or no one", async () => {
    expect((await ok<{ linksOf: { nodes: { title: string }[] } }>(instance, LINKS_OF, { username: 'alice' })).linksOf.nodes.map((n) => n.title)).toEqual(['Second', 'First']);
    expect((await ok<{ linksOf: { nodes: unknown[] } }>(instance, LINKS_OF, { username: 'bob' })).linksOf.nodes).toEqual([]);
    expect((await ok<{ linksOf: { nodes: unknown[] } }>(instance, LINKS_OF, { username: 'nobody' })).linksOf.nodes).toEqual([]);
  });

  it('shows the links on the profile page (the profile.panels slot), in Spanish too', async () => {
    const page = await instance.inject({ url: '/@alice', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-slot="profile.panels"');
    expect(page.body).toMatch(/<h2[^>]*>Links<\/h2>/);
    expect(page.body).toContain('href="https://example.org/b"');
    const spanish = await instance.inject({ url: '/@alice', headers: { accept: 'text/html', 'accept-language': 'es' } });
    expect(spanish.body).toMatch(/<h2[^>]*>Enlaces<\/h2>/);
    // No links, no empty panel.
    const bob = await instance.inject({ url: '/@bob', headers: { accept: 'text/html' } });
    expect(bob.body).not.toContain('links-profile');
  });

  it('sends an anonymous visitor of /links to log in and back', async () => {
    const response = await instance.inject({ url: '/links', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Flinks');
  });

  it('has every English message in Spanish', async () => {
    const messages = linksPlugin.web?.messages ?? {};
    expect(Object.keys(messages.es ?? {}).sort()).toEqual(Object.keys(messages.en ?? {}).sort());
  });
});
