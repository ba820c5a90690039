import { expect } from 'vitest';
import type { GraphQLResponse, TestInstance, TestUser } from '@commonplace/sdk/testing';

/** The data of a GraphQL request that must succeed. */
export async function ok<Data>(instance: TestInstance, query: string, variables: Record<string, unknown> = {}, as?: TestUser): Promise<Data> {
  const response: GraphQLResponse<Data> = await instance.graphql<Data>(query, variables, as ? { as } : {});
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data;
}

/** The first error of a GraphQL request that must fail. */
export async function failure(instance: TestInstance, query: string, variables: Record<string, unknown>, as?: TestUser) {
  const response = await instance.graphql(query, variables, as ? { as } : {});
  const error = response.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return error;
}

export interface LinkFields {
  id: string;
  uri: string;
  url: string;
  title: string;
  note: string;
  ownerUri: string;
  likeCount: number;
}

const FIELDS = 'id uri url title note ownerUri likeCount';
export const SAVE_LINK = `mutation($input: LinksSaveLinkInput!) { saveLink(input: $input) { ${FIELDS} } }`;
export const EDIT_LINK = `mutation($input: LinksEditLinkInput!) { editLink(input: $input) { ${FIELDS} } }`;
export const DELETE_LINK = `mutation($id: ID!) { deleteLink(id: $id) }`;
export const LINK = `query($id: ID!) { link(id: $id) { ${FIELDS} } }`;
