import { defineInstance } from '@commonplace/sdk';
import bench from './instance.js';
import remoteNotes from '../fixtures/plugins/remote-notes/index.js';

/**
 * The bench instance (demo with the global HTTP rate limit raised) set up for federation load from
 * 127.0.0.1: the inbox's own rate limit raised too, and loopback addresses allowed so the inbox can
 * fetch the remote actor's key from the local node:http server that plays the remote host. The
 * remote-notes fixture stores each Note, so an accepted Create costs what it would in production.
 */
export default defineInstance({
  ...bench,
  name: 'Commonplace federation bench',
  // Creates of Notes are stored, as a microblog plugin would store them.
  plugins: [...bench.plugins, remoteNotes],
  settings: {
    ...bench.settings,
    federation: { ...bench.settings?.federation, allowPrivateAddresses: true, inboxRateLimitPerMinute: 10_000_000 },
  },
});
