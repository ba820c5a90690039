import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arg, Mutation, Resolver } from 'type-graphql';
import { definePlugin } from '@commonplace/sdk';
import { ManualClock } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { notesPlugin } from '../../fixtures/plugins/notes/index.js';

const WRITE_NOTE = 'mutation ($text: String!) { writeNote(input: { text: $text }) { id text } }';
const HOUR = 3_600_000;

/** A mutation held at a gate, to have a duplicate arrive while the first is still running. */
const gate = { runs: 0, entered: () => {}, release: () => {} };
@Resolver()
class SlowResolver {
  @Mutation(() => Number)
  async slowWrite(@Arg('label', () => String) _label: string): Promise<number> {
    gate.runs += 1;
    const released = new Promise<void>((resolve) => (gate.release = resolve));
    gate.entered();
    await released;
    return gate.runs;
  }
}
const slowPlugin = definePlugin({ id: 'slow', version: '1.0.0', graphql: { resolvers: [SlowResolver] } });

describe('Idempotency-Key on GraphQL mutations', () => {
  let instance: CoreTestInstance;
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  let alice: { token: string };
  let bob: { token: string };

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [notesPlugin, slowPlugin], clock });
    alice = await instance.createUser('alice');
    bob = await instance.createUser('bob');
  });
  afterAll(() => instance.close());

  const send = (query: string, variables: Record<string, unknown>, options: { token?: string; key?: string } = {}) =>
    instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.key !== undefined ? { 'idempotency-key': options.key } : {}),
      },
      payload: { query, variables },
    });
  const notesCount = async () => (await instance.inject('/notes/count')).json().count as number;

  it('runs a mutation once for a key, and answers a retry with the same answer', async () => {
    const before = await notesCount();
    const first = await send(WRITE_NOTE, { text: 'once' }, { token: alice.token, key: 'note-1' });
    const retry = await send(WRITE_NOTE, { text: 'once' }, { token: alice.token, key: 'note-1' });
    expect(first.statusCode).toBe(200);
    expect(first.json().data.writeNote.text).toBe('once');
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await notesCount()).toBe(before + 1);
    // Without a key, a mutation runs each time it is sent.
    await send(WRITE_NOTE, { text: 'twice' }, { token: alice.token });
    await send(WRITE_NOTE, { text: 'twice' }, { token: alice.token });
    expect(await notesCount()).toBe(before + 3);
  });

  it('refuses the same key with a different request, running nothing', async () => {
    await send(WRITE_NOTE, { text: 'first use' }, { token: alice.token, key: 'note-2' });
    const before = await notesCount();
    const reused = await send(WRITE_NOTE, { text: 'something else' }, { token: alice.token, key: 'note-2' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(await notesCount()).toBe(before);
  });

  it('keeps keys per account: another account’s same key is its own', async () => {
    const before = await notesCount();
    await send(WRITE_NOTE, { text: 'mine' }, { token: alice.token, key: 'shared-key' });
    const theirs = await send(WRITE_NOTE, { text: 'mine' }, { token: bob.token, key: 'shared-key' });
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await notesCount()).toBe(before + 2);
  });

  it('does not run a duplicate that arrives while the first is still running', async () => {
    gate.runs = 0;
    const entered = new Promise<void>((resolve) => (gate.entered = resolve));
    const first = send('mutation { slowWrite(label: "a") }', {}, { token: alice.token, key: 'slow-1' });
    await entered;
    const duplicate = await send('mutation { slowWrite(label: "a") }', {}, { token: alice.token, key: 'slow-1' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].extensions).toEqual({ code: 'CONFLICT', field: 'Idempotency-Key' });
    gate.release();
    expect((await first).json()).toEqual({ data: { slowWrite: 1 } });
    const retry = await send('mutation { slowWrite(label: "a") }', {}, { token: alice.token, key: 'slow-1' });
    expect(retry.json()).toEqual({ data: { slowWrite: 1 } });
    expect(gate.runs).toBe(1);
  });

  it('keeps no answer for a request refused before it ran, so the corrected request may use the same key (as Stripe)', async () => {
    const before = await notesCount();
    const refused = await send(WRITE_NOTE, { text: `bad\u0000text` }, { token: alice.token, key: 'note-refused' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const corrected = await send(WRITE_NOTE, { text: 'good text' }, { token: alice.token, key: 'note-refused' });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().data.writeNote.text).toBe('good text');
    expect(await notesCount()).toBe(before + 1);
  });

  it('ignores the header on queries and on anonymous requests', async () => {
    const query = await send('{ instance { name } }', {}, { token: alice.token, key: 'query-key' });
    expect(query.statusCode).toBe(200);
    const signUp = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }';
    const password = 'a password long enough';
    const carol = await send(signUp, { input: { username: 'carol', email: 'carol@example.test', password } }, { key: 'anon' });
    const dave = await send(signUp, { input: { username: 'dave', email: 'dave@example.test', password } }, { key: 'anon' });
    expect([carol.statusCode, dave.statusCode]).toEqual([200, 200]);
    expect(dave.json().data.signUp.token).not.toBe(carol.json().data.signUp.token);
  });

  it('refuses a key that is not printable ASCII or is too long', async () => {
    const tooLong = await send(WRITE_NOTE, { text: 'x' }, { token: alice.token, key: 'k'.repeat(256) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  });

  it('keeps the answer sealed: the table holds neither the key nor the answer readable (an answer may carry a token)', async () => {
    const first = await send(WRITE_NOTE, { text: 'a secret shown once' }, { token: alice.token, key: 'sealed-key-1' });
    const rows = (await instance.services.db.selectFrom('core_idempotency_keys' as never).selectAll().execute()) as Array<Record<string, unknown>>;
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(stored).not.toContain('a secret shown once');
    expect(stored).not.toContain('sealed-key-1');
    // The retry that presents the key opens it again.
    const retry = await send(WRITE_NOTE, { text: 'a secret shown once' }, { token: alice.token, key: 'sealed-key-1' });
    expect(retry.body).toBe(first.body);
  });

  it('forgets a key after graphql.idempotencyKeyTtlSeconds, and the scheduled purge deletes it', async () => {
    const before = await notesCount();
    await send(WRITE_NOTE, { text: 'day one' }, { token: alice.token, key: 'note-ttl' });
    clock.advance(23 * HOUR);
    await send(WRITE_NOTE, { text: 'day one' }, { token: alice.token, key: 'note-ttl' });
    expect(await notesCount()).toBe(before + 1);
    clock.advance(2 * HOUR);
    const db = instance.services.db;
    const rows = () => db.selectFrom('core_idempotency_keys' as never).selectAll().execute();
    expect((await rows()).length).toBeGreaterThan(0);
    await instance.running.jobs.enqueue('core.purge-idempotency-keys', {});
    await instance.drainJobs();
    expect(await rows()).toEqual([]);
    // The key is free again: the same request runs anew.
    await send(WRITE_NOTE, { text: 'day one' }, { token: alice.token, key: 'note-ttl' });
    expect(await notesCount()).toBe(before + 2);
  });
});
