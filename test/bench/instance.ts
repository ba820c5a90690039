import { defineInstance } from '@commonplace/sdk';
import demo from '../../instances/demo/index.js';

/**
 * The demo instance with the global HTTP rate limit (600 requests a minute per IP by default)
 * raised, so a load test from 127.0.0.1 measures the server rather than the limiter.
 */
export default defineInstance({
  ...demo,
  name: 'Commonplace bench',
  settings: {
    ...demo.settings,
    http: { ...demo.settings?.http, rateLimit: { max: 10_000_000, windowMs: 60_000 } },
  },
});
