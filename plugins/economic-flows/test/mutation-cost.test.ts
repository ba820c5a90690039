import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { flowsInstance } from './helpers.js';

/** `count` aliases of createOrganization in one request, each a different organisation. */
function organisations(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `o${i}: createOrganization(organization: { username: "coop_${i}", name: "Co-op ${i}" }) { id }`);
  return `mutation { ${fields.join(' ')} }`;
}

/**
 * createOrganization makes an RSA and an Ed25519 key pair, as signUp does: it declares a Cost that
 * weighs like signUp's, so that a request of many aliases is refused before any key is made.
 */
describe('the cost of making organisations', () => {
  let instance: TestInstance;
  let alice: TestUser;
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(instance.services.db as Kysely<unknown>)).rows[0]!.n);

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await instance.createUser('alice');
  });
  afterAll(() => instance.close());

  it('refuses twenty aliases of createOrganization with GRAPHQL_VALIDATION_FAILED, making no organisation or actor', async () => {
    const before = { agents: await count('economic_flows_agents'), actors: await count('core_actors') };
    const { data, errors } = await instance.graphql(organisations(20), {}, { as: alice });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 10_000 });
    expect(errors?.[0]?.message).toMatch(/cost \d+ exceeds the limit/);
    expect(data ?? null).toBeNull();
    expect({ agents: await count('economic_flows_agents'), actors: await count('core_actors') }).toEqual(before);
  });

  it('still makes one organisation a request', async () => {
    const { data, errors } = await instance.graphql(organisations(1), {}, { as: alice });
    expect(errors).toBeUndefined();
    expect(data.o0.id).toEqual(expect.any(String));
  });
});
