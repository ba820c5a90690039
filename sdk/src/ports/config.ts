/** What a plugin reads of the running instance's configuration. */
export interface PluginConfig<Settings = unknown> {
  /** This plugin's validated settings (its schema's output). */
  readonly settings: Settings;
  /** Base URL the instance puts in the links it makes, without a trailing slash. */
  readonly publicUrl: string;
  /** The instance's name, as its front page and NodeInfo give it. */
  readonly instanceName: string;
  /** Ids of the enabled plugins, in boot (dependency) order. */
  readonly enabledPlugins: readonly string[];
  /** Where the instance keeps its files (`DATA_DIR`); a plugin keeps its own under `pathInDataDir`. */
  readonly dataDir: string;
  /** Whether outgoing requests may reach private addresses (`FEDERATION_ALLOW_PRIVATE`, tests and closed networks). */
  readonly allowPrivateAddresses: boolean;
  /** The instance's page sizes for lists (`graphql.defaultPageSize`, `graphql.maxPageSize`): what the sdk's `paginate` takes as `limits`. */
  readonly pageLimits: import('../graphql/connection.js').PageLimits;
}

