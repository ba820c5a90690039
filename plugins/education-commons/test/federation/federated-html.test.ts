import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { CREATE_COLLECTION, CREATE_COMMUNITY, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';

const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const AP = { accept: 'application/activity+json' };

/** No element and no event handler a server rendering the text as HTML would act on. */
function expectNoMarkup(value: unknown): void {
  expect(JSON.stringify(value)).not.toMatch(/<script|<img|onerror=alert\(2\)>/i);
}

describe('text the commons federates, under a <script> and onerror payload', () => {
  let instance: TestInstance;
  let owner: TestUser;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    owner = await instance.signUp('owner');
  });
  afterAll(async () => instance?.close());

  it('a community’s and a collection’s actors: name without markup, summary escaped', async () => {
    const { createCommunity } = await ok(instance, CREATE_COMMUNITY, { input: { name: `Staff ${PAYLOAD}`, summary: `About ${PAYLOAD}` } }, owner);
    const { createCollection } = await ok(instance, CREATE_COLLECTION, { input: { communityId: createCommunity.id, name: `Notes ${PAYLOAD}`, summary: `On ${PAYLOAD}` } }, owner);
    for (const uri of [createCommunity.uri, createCollection.uri]) {
      const actor = (await instance.inject({ url: new URL(uri).pathname, headers: AP })).json();
      expectNoMarkup(actor.name);
      expectNoMarkup(actor.summary);
      expect(actor.summary).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    }
  });

  it('a resource: name, attachment name, credit and outcomes without markup, summary escaped, content as before', async () => {
    const { createCommunity } = await ok(instance, CREATE_COMMUNITY, { input: { name: 'Plain', summary: 'x' } }, owner);
    const { createCollection } = await ok(instance, CREATE_COLLECTION, { input: { communityId: createCommunity.id, name: 'Plain', summary: 'x' } }, owner);
    const { createResource } = await ok(
      instance,
      CREATE_RESOURCE,
      { input: { collectionId: createCollection.id, ...LINK_RESOURCE, name: `Book ${PAYLOAD}`, summary: `Read ${PAYLOAD}`, author: `Ann ${PAYLOAD}`, learningOutcomes: [`Do ${PAYLOAD}`] } },
      owner,
    );
    const document = (await instance.inject({ url: new URL(createResource.uri).pathname, headers: AP })).json();
    expect(document.name).toBe('Book alert(1)');
    expect(document.summary).toBe('<p>Read &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</p>');
    for (const field of ['name', 'summary', 'content', 'creditText', 'teaches']) expectNoMarkup(document[field]);
    // What people typed is still theirs to read here.
    const { resource } = await ok(instance, `query($id: ID!) { resource(id: $id) { name } }`, { id: createResource.id }, owner);
    expect(resource.name).toBe(`Book ${PAYLOAD}`);
  });
});
