import type { PluginServices } from '@commonplace/sdk';
import type { EconomicFlowsService } from './api/economic-flows-service.js';
import type { EconomicFlowsTables } from './db/tables.js';
import type { EconomicFlowsSettings } from './settings.js';
import type { ZencodePool } from './signatures/zencode-pool.js';

/** What economic-flows' own code sees: core's ports typed with its tables and settings, and its own services. */
export type EconomicFlowsServices = PluginServices<EconomicFlowsTables, EconomicFlowsSettings> & {
  /** Zencode in worker threads (key creation; the agreement test and the benchmark's comparison). */
  economicFlowsZencode: ZencodePool;
  /** The extension point dependents use (its `EconomicFlowsApi` face), and the hooks the plugin's recorder calls. */
  economicFlows: EconomicFlowsService;
};

/** Core's ports alone, typed for this plugin: what code core calls with its own services (an authenticator) needs. */
export type EconomicFlowsPorts = PluginServices<EconomicFlowsTables, EconomicFlowsSettings>;
