import { defineInstance } from '@commonplace/sdk';

/**
 * A city co-operation instance: organisations recording and tracing economic flows (ValueFlows)
 * and coordinating mutual aid. Will enable: economic-flows, mutual-aid, decidim-bridge.
 * Plugins not built yet are absent for now. Sign-up by invitation: members are vetted organisations.
 */
export default defineInstance({
  name: 'Commonplace city co-op',
  description: 'Co-operatives and cities mapping and tracing flows of materials, and coordinating mutual aid.',
  plugins: [],
  settings: {
    signUp: 'invite-only',
  },
});
