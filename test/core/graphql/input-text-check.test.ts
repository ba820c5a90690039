import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { createTestInstance, type GraphQLResponse, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import educationCommons from '@commonplace/plugin-education-commons';
import { findControlCharacterInOperation } from '../../../core/src/graphql/input-text-check.js';

const NUL = '\u0000';

function refusal(response: GraphQLResponse) {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  const [error] = response.errors!;
  return { code: error!.extensions?.code, field: error!.extensions?.field, message: error!.message };
}

describe('control characters in GraphQL input', () => {
  let instance: TestInstance;
  let alice: TestUser;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommons] });
    alice = await instance.signUp('alice');
  });
  afterAll(async () => instance?.close());

  it('refuses a NUL in a plugin input field, a core profile field, a log-in, a look-up and a search, naming the field', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [`mutation($input: EducationCreateCommunityInput!) { createCommunity(input: $input) { id } }`, { input: { name: `Evil${NUL}`, summary: 'x' } }, 'input.name'],
      [`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, { input: { displayName: `A${NUL}ice` } }, 'input.displayName'],
      [`mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { login: `alice${NUL}`, password: 'whatever password' } }, 'input.login'],
      [`query($username: String!) { actor(username: $username) { id } }`, { username: `a${NUL}` }, 'username'],
      [`query($query: String!) { search(query: $query) { totalEstimate } }`, { query: `wool${NUL}` }, 'query'],
    ];
    for (const [query, variables, field] of cases) {
      const refused = refusal(await instance.graphql(query, variables, { as: alice }));
      expect(refused, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(refused.message).toContain('U+0000');
    }
  });

  it('refuses control characters in literals, lists and defaults too, DEL included', async () => {
    const literal = await instance.graphql(`mutation { createCommunity(input: { name: "a\\u0007b", summary: "x" }) { id } }`, {}, { as: alice });
    expect(refusal(literal)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const del = await instance.graphql(`query($username: String!) { actor(username: $username) { id } }`, { username: 'a\u007f' });
    expect(refusal(del)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username' });
    const found = findControlCharacterInOperation(parse(`query($q: [String!] = ["ok", "b\\u001b"]) { x(list: ["a", "b"]) }`), { other: { deep: ['fine', `no${NUL}`] } });
    expect(found).toEqual({ field: 'q[1]', character: 'U+001B' });
    expect(findControlCharacterInOperation(parse(`{ x }`), { other: { deep: ['fine', `no${NUL}`] } })).toEqual({ field: 'other.deep[1]', character: 'U+0000' });
  });

  it('keeps tab, line feed and carriage return in multi-line text', async () => {
    const response = await instance.graphql(
      `mutation($input: EducationCreateCommunityInput!) { createCommunity(input: $input) { summary } }`,
      { input: { name: 'Tabs and lines', summary: 'one\tcolumn\r\nnext line\n\nnew paragraph' } },
      { as: alice },
    );
    expect(response.errors).toBeUndefined();
    expect((response.data as any).createCommunity.summary).toBe('one\tcolumn\r\nnext line\n\nnew paragraph');
  });
});
