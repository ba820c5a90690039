import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginServices } from '@commonplace/sdk';
import type { LifecycleEvents } from '@commonplace/sdk/internal';
import { createTestInstance, TEST_PASSWORD, type CoreTestInstance } from '../../../core/src/testing/index.js';

/* Issue 21, item 7: account.deleted and a local actor.deleted reach the plugins that handle them. */
describe('account.deleted and local actor.deleted', () => {
  const heard: Array<{ deleted: 'account'; event: LifecycleEvents['account.deleted'] } | { deleted: 'actor'; event: LifecycleEvents['actor.deleted'] }> = [];
  const listener = definePlugin<PluginServices>({
    id: 'deletion-listener',
    version: '1.0.0',
    events: {
      'account.deleted': async (event) => void heard.push({ deleted: 'account', event }),
      'actor.deleted': async (event) => void heard.push({ deleted: 'actor', event }),
    },
  });
  let instance: CoreTestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [listener], jobs: false });
  });
  afterAll(() => instance?.close());

  it('emits account.deleted when a person deletes their account', async () => {
    heard.length = 0;
    const gone = await instance.signUp('gone');
    const actor = await instance.running.accounts.actors.byUsername('gone');
    const answer = await instance.graphql('mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) }', { input: { password: TEST_PASSWORD } }, { as: gone });
    expect(answer.errors).toBeUndefined();
    await instance.running.jobs.drain();
    expect(heard).toEqual([{ deleted: 'account', event: { accountId: actor!.accountId, actorId: actor!.id, actorUri: actor!.uri } }]);
  });

  it('emits actor.deleted (local) when a local actor is deleted through the ActorsPort', async () => {
    heard.length = 0;
    const group = await instance.running.accounts.actors.createLocal({ type: 'Group', username: 'closing_club' });
    await instance.running.accounts.actors.deleteLocal(group.id);
    await instance.running.jobs.drain();
    expect(heard).toEqual([{ deleted: 'actor', event: { actorUri: group.uri, local: true } }]);
  });
});
