import { afterEach, describe, expect, it } from 'vitest';
import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { asValue, definePlugin, z } from '@commonplace/sdk';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { BootError } from '../../../core/src/kernel/boot-error.js';
import { notesPlugin } from '../../fixtures/plugins/notes/index.js';

let instance: TestInstance | undefined;
afterEach(async () => {
  await instance?.close();
  instance = undefined;
});

/** Two plugins that each define a GraphQL type called "Thing". */
function pluginDefiningThing(id: string) {
  @ObjectType('Thing')
  class Thing {
    @Field(() => String)
    name!: string;
  }
  @Resolver()
  class ThingResolver {
    @Query(() => Thing, { name: `${id.replaceAll('-', '')}Thing` })
    thing(): Thing {
      return { name: id };
    }
  }
  return definePlugin({ id, version: '1.0.0', graphql: { resolvers: [ThingResolver] } });
}

describe('booting an instance with a plugin', () => {
  it('runs its migrations, mounts its GraphQL, service, job and route', async () => {
    instance = await createTestInstance({ plugins: [{ plugin: notesPlugin, settings: { maxLength: 20 } }] });
    const alice = await instance.signUp('alice');

    const written = await instance.graphql(`mutation { writeNote(input: { text: "hello" }) { id text shouted } }`, {}, { as: alice });
    expect(written.errors).toBeUndefined();
    expect(written.data.writeNote).toMatchObject({ text: 'hello', shouted: false });

    await instance.drainJobs();
    const listed = await instance.graphql(`{ notes(first: 5) { nodes { text shouted } pageInfo { hasNextPage } } }`);
    expect(listed.data.notes).toEqual({ nodes: [{ text: 'HELLO', shouted: true }], pageInfo: { hasNextPage: false } });

    const count = await instance.inject({ method: 'GET', url: '/notes/count' });
    expect(count.statusCode).toBe(200);
    expect(count.json()).toEqual({ count: 1 });
  });

  it('gives the plugin its validated settings', async () => {
    instance = await createTestInstance({ plugins: [{ plugin: notesPlugin, settings: { maxLength: 5 } }] });
    const alice = await instance.signUp('alice');
    const tooLong = await instance.graphql(`mutation { writeNote(input: { text: "longer than five" }) { id } }`, {}, { as: alice });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
  });

  it('pages a connection with first/after and refuses a page over the limit or a forged cursor', async () => {
    instance = await createTestInstance({ plugins: [notesPlugin], settings: { graphql: { maxPageSize: 3, defaultPageSize: 2 } } });
    const alice = await instance.signUp('alice');
    for (const text of ['one', 'two', 'three', 'four']) {
      await instance.graphql(`mutation($t: String!) { writeNote(input: { text: $t }) { id } }`, { t: text }, { as: alice });
    }
    const page1 = await instance.graphql(`{ notes(first: 3) { nodes { id } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.data.notes.nodes).toHaveLength(3);
    expect(page1.data.notes.pageInfo.hasNextPage).toBe(true);
    const page2 = await instance.graphql(`query($after: String) { notes(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage } } }`, {
      after: page1.data.notes.pageInfo.endCursor,
    });
    expect(page2.data.notes.nodes).toHaveLength(1);
    expect(page2.data.notes.pageInfo.hasNextPage).toBe(false);
    const seen = new Set([...page1.data.notes.nodes, ...page2.data.notes.nodes].map((n: { id: string }) => n.id));
    expect(seen.size).toBe(4);

    const tooMany = await instance.graphql(`{ notes(first: 4) { nodes { id } } }`);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forgedCursors = [
      'not-a-cursor',
      Buffer.from(JSON.stringify(['not-a-date', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url'),
    ];
    for (const after of forgedCursors) {
      const forged = await instance.graphql(`query($after: String) { notes(first: 1, after: $after) { nodes { id } } }`, { after });
      expect(forged.errors?.[0]?.extensions, after).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});

describe('the test harness', () => {
  it('makes users whatever the sign-up mode, with a role', async () => {
    instance = await createTestInstance({ settings: { signUp: 'closed' } });
    const mod = await instance.createUser('mod', { role: 'moderator' });
    const { data } = await instance.graphql(`{ me { username roles } }`, {}, { as: mod });
    expect(data.me).toEqual({ username: 'mod', roles: ['MODERATOR'] });
  });
});

describe('boot stops with a message naming the plugin', () => {
  it('when a dependency is missing', async () => {
    const needy = definePlugin({ id: 'mutual-aid', version: '1.0.0', dependsOn: ['economic-flows'] });
    await expect(createTestInstance({ plugins: [needy] })).rejects.toThrowError(/\[mutual-aid\] depends on "economic-flows"/);
  });

  it('when plugins form a cycle', async () => {
    const a = definePlugin({ id: 'plugin-a', version: '1.0.0', dependsOn: ['plugin-b'] });
    const b = definePlugin({ id: 'plugin-b', version: '1.0.0', dependsOn: ['plugin-a'] });
    await expect(createTestInstance({ plugins: [a, b] })).rejects.toThrowError(/dependency cycle: plugin-a -> plugin-b -> plugin-a/);
  });

  it('when the same plugin is enabled twice', async () => {
    await expect(createTestInstance({ plugins: [notesPlugin, notesPlugin] })).rejects.toThrowError(/\[notes\] enabled twice/);
  });

  it('when two plugins define the same GraphQL type name', async () => {
    const attempt = createTestInstance({ plugins: [pluginDefiningThing('first-plugin'), pluginDefiningThing('second-plugin')] });
    await expect(attempt).rejects.toThrowError(BootError);
    await expect(attempt).rejects.toThrowError(/GraphQL type "Thing" is defined by both plugin "first-plugin" and plugin "second-plugin"/);
  });

  it('when a plugin’s settings are invalid, listing each problem', async () => {
    await expect(createTestInstance({ plugins: [{ plugin: notesPlugin, settings: { maxLength: 0 } }] })).rejects.toThrowError(
      /\[notes\] invalid settings:\n {2}- maxLength: /,
    );
  });

  it('when a plugin is given settings it does not declare', async () => {
    const plain = definePlugin({ id: 'plain', version: '1.0.0' });
    await expect(createTestInstance({ plugins: [{ plugin: plain, settings: { colour: 'red' } }] })).rejects.toThrowError(
      /\[plain\] was given settings but declares none/,
    );
  });

  it('when a plugin’s migration fails, and nothing of it remains', async () => {
    const broken = definePlugin({
      id: 'broken',
      version: '1.0.0',
      migrations: {
        '0001_bad': {
          async up(db) {
            await db.schema.createTable('broken_things').addColumn('id', 'integer').execute();
            await db.schema.createTable('broken_things').addColumn('id', 'integer').execute();
          },
        },
      },
    });
    await expect(createTestInstance({ plugins: [broken] })).rejects.toThrowError(/\[broken\] migration "0001_bad" failed and was rolled back/);
  });

  it('when a plugin registers a service name core already has', async () => {
    // The types refuse a port's name as a plugin's service; boot refuses it too (a plugin in plain JavaScript).
    const greedy = definePlugin({ id: 'greedy', version: '1.0.0', services: { db: asValue('mine') } as never });
    await expect(createTestInstance({ plugins: [greedy] })).rejects.toThrowError(/\[greedy\] service "db" is already registered by core/);
  });

  it("when a plugin registers a name core registers late in boot (its federation core)", async () => {
    const sneaky = definePlugin({ id: 'sneaky', version: '1.0.0', services: { federationCore: asValue('mine') } as never });
    await expect(createTestInstance({ plugins: [sneaky] })).rejects.toThrowError(/\[sneaky\] service "federationCore" is already registered by core/);
  });

  it('when the instance settings are invalid', async () => {
    await expect(createTestInstance({ settings: { signUp: 'sometimes' as never } })).rejects.toThrowError(/\[core\] invalid instance settings:\n {2}- signUp/);
  });

  it('when a plugin id is not kebab-case', async () => {
    const odd = definePlugin({ id: 'Odd_Plugin', version: '1.0.0', settings: z.object({}) });
    await expect(createTestInstance({ plugins: [odd] })).rejects.toThrowError(/\[Odd_Plugin\] plugin id must be kebab-case/);
  });
});
