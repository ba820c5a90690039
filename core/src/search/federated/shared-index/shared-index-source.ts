import type { Logger } from '@commonplace/sdk';
import type { ExternalHit, ExternalQuery, ExternalSearchSource } from '../../external-source.js';
import type { DiscoveryHosts } from '../discovery-hosts.js';
import { sharedSearchFilter, type SharedIndexClient } from './shared-index-client.js';

/**
 * The shared discovery index as one more source of FEDERATED searches (search.sharedIndex.query).
 * Blocked domains are filtered out by the index itself; like every source, it never throws.
 */
export class SharedIndexSource implements ExternalSearchSource {
  readonly name = 'shared-index';

  constructor(
    private readonly deps: { client: SharedIndexClient; hosts: DiscoveryHosts; ownHost: string; log: Logger },
  ) {}

  async search(query: ExternalQuery, signal: AbortSignal): Promise<ExternalHit[]> {
    // Entries carry no filter values, only text: a filtered search cannot be answered here.
    if (query.filters && Object.keys(query.filters).length > 0) return [];
    if (!query.text.trim()) return [];
    try {
      const filter = sharedSearchFilter({
        ownHost: this.deps.ownHost,
        blockedDomains: await this.deps.hosts.blockedDomains(),
        ...(query.types ? { types: query.types } : {}),
      });
      const hits = await this.deps.client.search(query.text, filter, query.first, signal);
      // Allow-list mode hides every host not on the list; the index cannot know the list.
      const shown: ExternalHit[] = [];
      for (const hit of hits) if (!(await this.deps.hosts.isHidden(hit.originHost))) shown.push(hit);
      return shown;
    } catch (error) {
      this.deps.log.info({ reason: error instanceof Error ? error.message : String(error) }, 'shared index search: left out');
      return [];
    }
  }
}
