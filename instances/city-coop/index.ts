import { defineInstance } from '@commonplace/sdk';
import { economicFlowsPlugin } from '@commonplace/plugin-economic-flows';

/**
 * A city co-operation instance: organisations recording and tracing economic flows (ValueFlows)
 * and coordinating mutual aid. Will enable: economic-flows, mutual-aid, decidim-bridge.
 * Plugins not built yet are absent for now. Sign-up by invitation: members are vetted organisations.
 */
export default defineInstance({
  name: 'Commonplace city co-op',
  description: 'Co-operatives and cities mapping and tracing flows of materials, and coordinating mutual aid.',
  plugins: [
    // Every event signed by its provider; stock may not go below zero (co-ops count before they give).
    { plugin: economicFlowsPlugin, settings: { requireSignatures: true, allowNegativeStock: false } },
  ],
  settings: {
    signUp: 'invite-only',
  },
});
