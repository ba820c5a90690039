import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from './helpers.js';

const SEARCH = `query($query: String!, $types: [String!], $filters: SearchFilters) {
  search(query: $query, types: $types, filters: $filters, first: 20) {
    facets { field values { value count } }
    nodes {
      __typename
      ... on EducationResource { name subject { code } licence { id } }
      ... on EducationCommunity { name }
      ... on EducationCollection { name }
    }
  }
}`;

describe('searching the commons', () => {
  let instance: TestInstance;
  let owner: TestUser;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    owner = await instance.signUp('owner');
    const { collection } = await communityWithCollection(instance, owner, 'Programming teachers');
    const add = (name: string, subject: string, licence: string) =>
      ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name, subject, licence } }, owner);
    await add('Python loops explained', '0613', 'CC-BY-4.0');
    await add('Python and statistics', '0542', 'CC-BY-4.0');
    await add('Python for data bases', '0612', 'CC-BY-SA-4.0');
    const { createResource: gone } = await add('Python deleted', '0613', 'CC-BY-4.0');
    await ok(instance, `mutation($id: ID!) { deleteResource(id: $id) { id } }`, { id: gone.id }, owner);
    await instance.drainJobs();
  });
  afterAll(() => instance?.close());

  const search = async (variables: Record<string, unknown>) => (await ok(instance, SEARCH, variables)).search;
  const names = (result: { nodes: Array<{ name: string }> }) => result.nodes.map((node) => node.name).sort();

  it('finds resources by subject, broader fields taking in narrower ones', async () => {
    const exact = await search({ query: 'python', types: ['education-commons.resource'], filters: { keywords: [{ field: 'subject', values: ['0613'] }] } });
    expect(names(exact)).toEqual(['Python loops explained']);
    const ict = await search({ query: 'python', types: ['education-commons.resource'], filters: { keywords: [{ field: 'subject', values: ['06'] }] } });
    expect(names(ict)).toEqual(['Python for data bases', 'Python loops explained']);
  });

  it('finds resources by licence and counts facets', async () => {
    const result = await search({ query: 'python', types: ['education-commons.resource'], filters: { keywords: [{ field: 'licence', values: ['CC-BY-4.0'] }] } });
    expect(names(result)).toEqual(['Python and statistics', 'Python loops explained']);
    const all = await search({ query: 'python', types: ['education-commons.resource'] });
    const licences = all.facets.find((facet: { field: string }) => facet.field === 'licence');
    expect(licences.values).toEqual(expect.arrayContaining([{ value: 'CC-BY-4.0', count: 2 }, { value: 'CC-BY-SA-4.0', count: 1 }]));
  });

  it('finds communities and collections too, and no deleted resource', async () => {
    expect(names(await search({ query: 'programming teachers', types: ['education-commons.community'] }))).toEqual(['Programming teachers']);
    expect(names(await search({ query: 'beginners', types: ['education-commons.collection'] }))).toEqual(['Beginners']);
    expect(names(await search({ query: 'deleted', types: ['education-commons.resource'] }))).toEqual([]);
  });
});
