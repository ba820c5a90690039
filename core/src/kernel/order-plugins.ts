import { PLUGIN_ID_PATTERN, type PluginDefinition } from '@commonplace/sdk/internal';
import { BootError } from './boot-error.js';

/**
 * Orders plugins so each boots after what it depends on (a stable topological sort: among plugins
 * free to go, the instance's listing order wins). Fails on a bad or duplicate id, a missing
 * dependency or a cycle, naming the plugin.
 */
export function orderPlugins<P extends Pick<PluginDefinition, 'id' | 'dependsOn'>>(plugins: readonly P[]): P[] {
  const byId = new Map<string, P>();
  for (const plugin of plugins) {
    if (typeof plugin.id !== 'string' || !PLUGIN_ID_PATTERN.test(plugin.id)) {
      throw new BootError(String(plugin.id), 'plugin id must be kebab-case (like "education-commons").');
    }
    if (plugin.id === 'core') throw new BootError(plugin.id, 'the id "core" is reserved.');
    if (byId.has(plugin.id)) throw new BootError(plugin.id, 'enabled twice: plugin ids must be unique.');
    byId.set(plugin.id, plugin);
  }
  for (const plugin of plugins) {
    for (const dependency of plugin.dependsOn ?? []) {
      if (!byId.has(dependency)) {
        throw new BootError(plugin.id, `depends on "${dependency}", which is not enabled in this instance.`);
      }
    }
  }

  const ordered: P[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: P, path: string[]): void => {
    const seen = state.get(plugin.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.id)), plugin.id].join(' -> ');
      throw new BootError(plugin.id, `dependency cycle: ${cycle}.`);
    }
    state.set(plugin.id, 'visiting');
    for (const dependency of plugin.dependsOn ?? []) visit(byId.get(dependency)!, [...path, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
