import type { InstanceSettings } from '../instance.js';

/**
 * Core's own view of the configuration (internal: plugins get `PluginConfig`).
 * Exported only from `@commonplace/sdk/internal`.
 */
export interface ConfigPort {
  readonly instance: InstanceSettings;
  plugin<T = unknown>(pluginId: string): T;
  readonly publicUrl: string;
  readonly enabledPlugins: readonly string[];
}
