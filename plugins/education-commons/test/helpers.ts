import { expect } from 'vitest';
import type { GraphQLResponse, TestInstance, TestUser } from '@commonplace/sdk/testing';

/** Runs an operation that must succeed and returns its data. */
export async function ok<Data = any>(instance: TestInstance, query: string, variables: Record<string, unknown>, as?: TestUser): Promise<Data> {
  const result = await instance.graphql<Data>(query, variables, as ? { as } : {});
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as Data;
}

/** Runs an operation that must fail, and returns its first error's code, field and message. */
export async function fails(instance: TestInstance, query: string, variables: Record<string, unknown>, as?: TestUser) {
  const result: GraphQLResponse = await instance.graphql(query, variables, as ? { as } : {});
  expect(result.errors, 'expected an error').toBeDefined();
  const [error] = result.errors!;
  return { code: error!.extensions?.code, field: error!.extensions?.field, message: error!.message, extensions: error!.extensions };
}

export const CREATE_COMMUNITY = `mutation($input: EducationCreateCommunityInput!) { createCommunity(input: $input) { id name summary uri username viewerRole } }`;
export const CREATE_COLLECTION = `mutation($input: EducationCreateCollectionInput!) { createCollection(input: $input) { id name uri communityId } }`;
export const CREATE_RESOURCE = `mutation($input: EducationCreateResourceInput!) {
  createResource(input: $input) {
    id uri kind name url licence { id name url } language level { code name } subject { code name } type { code }
    learningOutcomes derivedFromUri likeCount deleted
  }
}`;

/** A community with a collection, made by `owner`. */
export async function communityWithCollection(instance: TestInstance, owner: TestUser, name = 'Python teachers') {
  const { createCommunity } = await ok(instance, CREATE_COMMUNITY, { input: { name, summary: 'Sharing material.' } }, owner);
  const { createCollection } = await ok(instance, CREATE_COLLECTION, { input: { communityId: createCommunity.id, name: 'Beginners', summary: 'First steps.' } }, owner);
  return { community: createCommunity as { id: string; uri: string; username: string }, collection: createCollection as { id: string; uri: string } };
}

export const LINK_RESOURCE = {
  name: 'Think Python',
  url: 'https://greenteapress.com/wp/think-python-2e/',
  licence: 'CC-BY-NC-3.0',
  language: 'en',
  level: '3',
  subject: '0613',
};
