import type { InstanceSettings, Logger, SearchDocument } from '@commonplace/sdk/internal';
import { audienceKeys } from '../audience-keys.js';
import { MeilisearchBackend } from './meilisearch-backend.js';

export { MeilisearchBackend, MeilisearchTaskFailedError, isUnavailable, type MeilisearchBackendOptions } from './meilisearch-backend.js';
export { indexSettingsFor } from './index-settings.js';
export { audienceFilter, excludedHostsFilter, quoteFilterValue, typeFilterExpression } from './filter-expression.js';
export { indexUidFor } from './index-names.js';

/** The Meilisearch backend an instance's `search.meilisearch` settings describe, or null when no url is set. */
export function meilisearchBackendFrom(
  settings: InstanceSettings,
  deps: { log: Logger; audienceKeys?: (document: SearchDocument) => readonly string[] },
): MeilisearchBackend | null {
  const { url, key, indexPrefix, requestTimeoutMs, taskTimeoutMs, rebuildDiscoveryMs } = settings.search.meilisearch;
  const { maxFacetValues } = settings.search;
  if (!url) return null;
  return new MeilisearchBackend({
    url,
    ...(key ? { key } : {}),
    indexPrefix,
    requestTimeoutMs,
    taskTimeoutMs,
    rebuildDiscoveryMs,
    maxFacetValues,
    audienceKeys: deps.audienceKeys ?? audienceKeys,
    log: deps.log.child({ module: 'search.meilisearch' }),
  });
}
