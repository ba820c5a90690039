import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { ok } from './helpers.js';

/** `count` aliases of one mutation field in a single request. */
function aliases(count: number, field: (i: number) => string): string {
  return `mutation { ${Array.from({ length: count }, (_, i) => `m${i}: ${field(i)}`).join(' ')} }`;
}

/**
 * createCommunity and createCollection each make a Group actor with an RSA and an Ed25519 key pair,
 * as signUp does: they declare a Cost that weighs like signUp's, so that a request of many aliases
 * is refused before any key is made.
 */
describe('the cost of making communities and collections', () => {
  let instance: TestInstance;
  let alice: TestUser;
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(instance.services.db as Kysely<unknown>)).rows[0]!.n);
  const counts = async () => ({
    communities: await count('education_commons_communities'),
    collections: await count('education_commons_collections'),
    actors: await count('core_actors'),
  });

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
    alice = await instance.createUser('alice');
  });
  afterAll(() => instance.close());

  it('refuses twenty aliases of createCommunity with GRAPHQL_VALIDATION_FAILED, making no community or actor', async () => {
    const before = await counts();
    const { data, errors } = await instance.graphql(aliases(20, (i) => `createCommunity(input: { name: "Community ${i}" }) { id }`), {}, { as: alice });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 10_000 });
    expect(data ?? null).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('refuses twenty aliases of createCollection with GRAPHQL_VALIDATION_FAILED, making no collection or actor', async () => {
    const { m0: community } = await ok(instance, aliases(1, () => `createCommunity(input: { name: "Python teachers" }) { id }`), {}, alice);
    const before = await counts();
    const { data, errors } = await instance.graphql(
      aliases(20, (i) => `createCollection(input: { communityId: "${community.id}", name: "Collection ${i}" }) { id }`),
      {},
      { as: alice },
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 10_000 });
    expect(data ?? null).toBeNull();
    expect(await counts()).toEqual(before);
    // One a request is still fine.
    await ok(instance, aliases(1, () => `createCollection(input: { communityId: "${community.id}", name: "Beginners" }) { id }`), {}, alice);
    expect((await counts()).collections).toBe(before.collections + 1);
  });
});
