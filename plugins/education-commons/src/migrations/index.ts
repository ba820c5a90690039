import { createCommons } from './0001_create_commons.js';
import { createUploads } from './0002_uploads.js';
import { remoteFlags } from './0003_remote_flags.js';
import { feedsAndDiscover } from './0004_feeds_and_discover.js';

/** Ordered by key; the kernel keeps this plugin's history in `migrations_education-commons`. */
export const migrations = {
  '0001_create_commons': createCommons,
  '0002_uploads': createUploads,
  '0003_remote_flags': remoteFlags,
  '0004_feeds_and_discover': feedsAndDiscover,
};
