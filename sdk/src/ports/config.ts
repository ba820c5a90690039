import type { InstanceSettings } from '../instance.js';

/** Read-only view of the running instance's configuration. */
export interface ConfigPort {
  /** Core settings after defaults and environment overrides are applied. */
  readonly instance: InstanceSettings;
  /** The validated settings of an enabled plugin. */
  plugin<T = unknown>(pluginId: string): T;
  /** Base URL the instance puts in the links it makes, without a trailing slash. */
  readonly publicUrl: string;
  /** Ids of the enabled plugins, in boot (dependency) order. */
  readonly enabledPlugins: readonly string[];
}
