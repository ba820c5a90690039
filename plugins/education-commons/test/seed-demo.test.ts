import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { educationCommonsPlugin, type EducationCommonsServices } from '../src/index.js';
import { ok } from './helpers.js';

describe('demo data', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [educationCommonsPlugin] });
  });
  afterAll(() => instance?.close());

  it('seeds a community with resources owned by the demo admin, once', async () => {
    // What `commonplace seed-demo` gives the plugin: its own view and context.
    const view = instance.viewOf<EducationCommonsServices>(educationCommonsPlugin.id);
    const context = instance.pluginContext<EducationCommonsServices>(educationCommonsPlugin.id);
    // Without the demo's admin there is nobody to own it: nothing is made.
    await educationCommonsPlugin.seedDemo!(view, context);
    expect((await ok(instance, `{ communities { nodes { id } } }`, {})).communities.nodes).toEqual([]);

    await instance.createUser('admin', { role: 'admin' });
    await educationCommonsPlugin.seedDemo!(view, context);
    await educationCommonsPlugin.seedDemo!(view, context);
    const { discover } = await ok(instance, `{ discover { activeCommunities { nodes { name } } newestResources { nodes { name subject { code } licence { id } } } } }`, {});
    expect(discover.activeCommunities.nodes).toEqual([{ name: 'Open Programming Educators' }]);
    expect(discover.newestResources.nodes).toHaveLength(2);
    expect(discover.newestResources.nodes.every((node: { subject: { code: string } }) => node.subject.code === '0613')).toBe(true);
  });
});
