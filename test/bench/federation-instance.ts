import { defineInstance } from '@commonplace/sdk';
import bench from './instance.js';

/**
 * The bench instance (demo with the global HTTP rate limit raised) set up for federation load from
 * 127.0.0.1: the inbox's own rate limit raised too, and loopback addresses allowed so the inbox can
 * fetch the remote actor's key from the local node:http server that plays the remote host.
 */
export default defineInstance({
  ...bench,
  name: 'Commonplace federation bench',
  settings: {
    ...bench.settings,
    federation: { ...bench.settings?.federation, allowPrivateAddresses: true, inboxRateLimitPerMinute: 10_000_000 },
  },
});
