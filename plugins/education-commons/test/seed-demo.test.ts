import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../src/index.js';
import { ok } from './helpers.js';

describe('demo data', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
  });
  afterAll(() => instance?.close());

  it('seeds a community with resources owned by the demo admin, once', async () => {
    const context = { id: educationCommonsPlugin.id, settings: instance.services.config.plugin(educationCommonsPlugin.id) as never };
    // Without the demo's admin there is nobody to own it: nothing is made.
    await educationCommonsPlugin.seedDemo!(instance.services, context);
    expect((await ok(instance, `{ communities { nodes { id } } }`, {})).communities.nodes).toEqual([]);

    await instance.createUser('admin', { role: 'admin' });
    await educationCommonsPlugin.seedDemo!(instance.services, context);
    await educationCommonsPlugin.seedDemo!(instance.services, context);
    const { discover } = await ok(instance, `{ discover { activeCommunities { nodes { name } } newestResources { nodes { name subject { code } licence { id } } } } }`, {});
    expect(discover.activeCommunities.nodes).toEqual([{ name: 'Open Programming Educators' }]);
    expect(discover.newestResources.nodes).toHaveLength(2);
    expect(discover.newestResources.nodes.every((node: { subject: { code: string } }) => node.subject.code === '0613')).toBe(true);
  });
});
