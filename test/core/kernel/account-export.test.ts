import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginServices } from '@commonplace/sdk';
import linksPlugin from '@commonplace/plugin-links';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { EXPORT_FAILED } from '../../../core/src/kernel/account-export.js';

const SAVE_LINK = 'mutation($input: LinksSaveLinkInput!) { saveLink(input: $input) { id uri } }';

/* Issue 21, item 7: each plugin's export hook, gathered by the kernel for a person's archive. */
describe('exportAccountData', () => {
  const broken = definePlugin<PluginServices>({
    id: 'broken-export',
    version: '1.0.0',
    accountData: {
      export: async () => {
        throw new Error('the disk is full');
      },
    },
  });
  let instance: CoreTestInstance;
  const saved: Record<string, string[]> = { alice: [], bob: [] };

  async function save(user: Awaited<ReturnType<CoreTestInstance['signUp']>>, username: string, title: string): Promise<void> {
    const answer = await instance.graphql<{ saveLink: { id: string; uri: string } }>(SAVE_LINK, { input: { url: `https://example.org/${title}`, title } }, { as: user });
    expect(answer.errors).toBeUndefined();
    saved[username]!.push(answer.data!.saveLink.uri);
  }

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [linksPlugin, broken], jobs: false });
  });
  afterAll(() => instance?.close());

  it("holds exactly the person's own links as Pages, and a failing plugin's error beside them", async () => {
    const alice = await instance.signUp('alice');
    const bob = await instance.signUp('bob');
    await save(alice, 'alice', 'first');
    await save(bob, 'bob', 'bobs');
    await save(alice, 'alice', 'second');
    const aliceUri = (await instance.running.accounts.actors.byUsername('alice'))!.uri;

    const archive = await instance.running.exportAccountData(alice.accountId);
    expect(Object.keys(archive).sort()).toEqual(['broken-export', 'links']);
    expect(archive['broken-export']).toEqual({ error: EXPORT_FAILED });
    const links = (archive.links as { links: { type: string; totalItems: number; orderedItems: Array<Record<string, unknown>> } }).links;
    expect(links).toMatchObject({ type: 'OrderedCollection', totalItems: 2 });
    expect(links.orderedItems.map((page) => page.id)).toEqual(saved.alice);
    expect(links.orderedItems).toEqual([
      expect.objectContaining({ type: 'Page', attributedTo: aliceUri, name: 'first', url: 'https://example.org/first' }),
      expect.objectContaining({ type: 'Page', attributedTo: aliceUri, name: 'second', url: 'https://example.org/second' }),
    ]);
    // Plain JSON: the archive is written to a file as it is.
    expect(JSON.parse(JSON.stringify(archive))).toEqual(archive);

    const bobs = await instance.running.exportAccountData(bob.accountId);
    expect((bobs.links as { links: { orderedItems: Array<{ id: string }> } }).links.orderedItems.map((page) => page.id)).toEqual(saved.bob);
  });

  it('refuses an account that does not exist', async () => {
    await expect(instance.running.exportAccountData('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(instance.running.exportAccountData('not-an-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
