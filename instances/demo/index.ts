import { defineInstance } from '@commonplace/sdk';
import { economicFlowsPlugin } from '@commonplace/plugin-economic-flows';
import { educationCommonsPlugin } from '@commonplace/plugin-education-commons';

/**
 * The demo: every plugin that exists, open sign-up, demo data seeded on the first start.
 * `npm start` runs it with PGlite in ./data, in-process jobs and no other service.
 * Plugins join this list as they are built (microblog, mutual-aid and decidim-bridge are to come).
 */
export default defineInstance({
  name: 'Commonplace demo',
  description:
    'A demo of Commonplace: a federated place where communities share open educational resources and coordinate mutual aid and economic flows.',
  plugins: [educationCommonsPlugin, economicFlowsPlugin],
  settings: {
    signUp: 'open',
  },
  seedDemoOnFirstStart: true,
});
