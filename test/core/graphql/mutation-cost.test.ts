import { afterEach, describe, expect, it } from 'vitest';
import { Arg, Mutation, Resolver } from 'type-graphql';
import { Cost, definePlugin, type InstanceSettingsInput } from '@commonplace/sdk/internal';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import type { AccountsDb } from '../../../core/src/accounts/tables.js';

const PASSWORD = 'a password long enough';

/** `count` aliases of one mutation field in a single request. */
function aliases(count: number, field: (i: number) => string): string {
  return `mutation { ${Array.from({ length: count }, (_, i) => `m${i}: ${field(i)}`).join(' ')} }`;
}
const logIns = (count: number, login: string) => aliases(count, () => `logIn(input: { login: "${login}", password: "${PASSWORD}" }) { token }`);

/** A plugin whose one mutation is expensive and says so with the sdk's Cost. */
@Resolver()
class ReportResolver {
  @Cost(4_000)
  @Mutation(() => Boolean, { description: 'Pretends to build a large report.' })
  buildReport(@Arg('name', () => String) name: string): boolean {
    return name.length > 0;
  }
}
const reportsPlugin = definePlugin({ id: 'reports', version: '1.0.0', graphql: { resolvers: [ReportResolver] } });

async function post(instance: TestInstance, query: string, token?: string) {
  const response = await instance.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: { query },
  });
  return { status: response.statusCode, body: response.json() as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } };
}

const sessionsOf = async (instance: TestInstance) =>
  Number((await (instance.services.db as AccountsDb).selectFrom('core_sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('mutations in the query cost limit', () => {
  let instance: TestInstance | undefined;
  afterEach(async () => {
    await instance?.close();
    instance = undefined;
  });
  const boot = async (settings: InstanceSettingsInput = {}) => {
    instance = await createTestInstance({ plugins: [reportsPlugin], settings });
    await instance.createUser('alice', { password: PASSWORD });
    return instance;
  };

  it('refuses a request with two log-ins before checking any password, naming the setting', async () => {
    const running = await boot();
    const before = await sessionsOf(running);
    const { status, body } = await post(running, logIns(2, 'alice'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxPasswordChecksPerRequest: 1 });
    expect(body.errors?.[0]?.message).toMatch(/graphql\.maxPasswordChecksPerRequest/);
    expect(await sessionsOf(running)).toBe(before);
    // One log-in (or one sign-up) a request is still fine.
    expect((await post(running, logIns(1, 'alice'))).body.data?.m0).toMatchObject({ token: expect.any(String) });
  });

  it('counts log-ins hidden in a named fragment and an inline fragment', async () => {
    const running = await boot();
    const before = await sessionsOf(running);
    const query = `fragment One on Mutation { a: logIn(input: { login: "alice", password: "${PASSWORD}" }) { token } }
      mutation { ...One ... on Mutation { b: logIn(input: { login: "alice", password: "${PASSWORD}" }) { token } } }`;
    const { status, body } = await post(running, query);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', passwordChecks: 2 });
    expect(await sessionsOf(running)).toBe(before);
  });

  it('weighs log-ins heavily: a thousand aliases are refused by the cost limit even when password checks are allowed', async () => {
    const running = await boot({ graphql: { maxPasswordChecksPerRequest: 1_000 } });
    const before = await sessionsOf(running);
    const { status, body } = await post(running, logIns(1_000, 'alice'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/cost \d+ exceeds the limit of 10000/);
    expect(Number(body.errors?.[0]?.extensions.cost)).toBeGreaterThanOrEqual(1_000_000);
    expect(await sessionsOf(running)).toBe(before);
  });

  it('counts every mutation field at graphql.mutationCost, so a thousand cheap writes in one request are refused', async () => {
    const running = await boot({ graphql: { mutationCost: 10 } });
    const { token } = await running.createUser('bob');
    const write = (count: number) => aliases(count, (i) => `updateProfile(input: { summary: "take ${i}" }) { id }`);
    expect((await post(running, write(500), token)).body.errors).toBeUndefined();
    const { status, body } = await post(running, write(1_001), token);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 10_000 });
  });

  it('lets a plugin weigh its own expensive mutation with the sdk’s Cost', async () => {
    const running = await boot();
    expect((await post(running, aliases(2, () => 'buildReport(name: "q1")'))).body.data).toEqual({ m0: true, m1: true });
    const { status, body } = await post(running, aliases(3, () => 'buildReport(name: "q1")'));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 12_000 });
  });
});
