import { defineInstance } from '@commonplace/sdk';

/**
 * The demo: every plugin that exists, open sign-up, demo data seeded on the first start.
 * `npm start` runs it with PGlite in ./data, in-process jobs and no other service.
 * Plugins join this list as they are built (education-commons, microblog, mutual-aid,
 * decidim-bridge, economic-flows).
 */
export default defineInstance({
  name: 'Commonplace demo',
  description:
    'A demo of Commonplace: a federated place where communities share open educational resources and coordinate mutual aid and economic flows.',
  plugins: [],
  settings: {
    signUp: 'open',
  },
  seedDemoOnFirstStart: true,
});
