import { pluginOf, type PluginDefinition, type PluginEntry } from '@commonplace/sdk/internal';
import { orderPlugins } from './order-plugins.js';
import { validatePluginSettings } from './validate-settings.js';
import { BootError } from './boot-error.js';

export interface EnabledPlugin {
  plugin: PluginDefinition<any>;
  settings: unknown;
}

/** The instance's plugins in boot order, each with validated settings. */
export async function resolvePlugins(entries: readonly PluginEntry[]): Promise<EnabledPlugin[]> {
  const given = entries.map((entry) => {
    const resolved = pluginOf(entry);
    if (!resolved.plugin || typeof resolved.plugin !== 'object') {
      throw new BootError('core', 'an instance lists something that is not a plugin; use definePlugin().');
    }
    if (typeof resolved.plugin.version !== 'string' || !resolved.plugin.version) {
      throw new BootError(String(resolved.plugin.id), 'plugin has no version.');
    }
    return resolved;
  });
  const ordered = orderPlugins(given.map((g) => g.plugin));
  const settingsById = new Map(given.map((g) => [g.plugin.id, g.settings]));
  const enabled: EnabledPlugin[] = [];
  for (const plugin of ordered) {
    enabled.push({ plugin, settings: await validatePluginSettings(plugin, settingsById.get(plugin.id)) });
  }
  return enabled;
}
