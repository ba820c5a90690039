import { describe, expect, it } from 'vitest';
import type { FederationObjectHandler, PluginDefinition, RepliedActor } from '@commonplace/sdk/internal';
import { withPluginViews } from '../../../core/src/kernel/plugin-callbacks.js';
import type { PluginViews } from '../../../core/src/kernel/plugin-view.js';

describe('withPluginViews', () => {
  it("gives a handler's groupPosts.owns its plugin's view, never the services core holds", async () => {
    const seen: unknown[] = [];
    const handler: FederationObjectHandler = {
      types: ['Note'],
      on: { Create: async () => undefined },
      groupPosts: {
        owns: async (_group, services) => {
          seen.push(services);
          return true;
        },
      },
    };
    const plugin = { id: 'groupy', version: '0.0.0', federation: { objects: [handler] } } as unknown as PluginDefinition<any>;
    const views = { adapt: (pluginId: string, services: unknown) => ({ viewOf: pluginId, over: services }) } as unknown as PluginViews;
    const [viewed] = withPluginViews([{ plugin, settings: {} }] as never, views);
    const coreCradle = { federationCore: 'internal' };
    const groupPosts = viewed!.plugin.federation!.objects![0]!.groupPosts;
    expect(groupPosts).toBeTruthy();
    expect(await (groupPosts as Exclude<typeof groupPosts, false | undefined>).owns({ id: 'g1' } as RepliedActor, coreCradle as never)).toBe(true);
    expect(seen).toEqual([{ viewOf: 'groupy', over: coreCradle }]);
  });
});
