import type { Logger } from '@commonplace/sdk';
import type { ExternalHit, ExternalQuery, ExternalSearchSource } from '../external-source.js';
import type { DiscoveryHosts } from './discovery-hosts.js';
import type { PeerJsonFetch } from './peer-fetch.js';
import { normaliseScores, readPeerItems } from './peer-response.js';

/** The most a peer is asked for: its API's own upper bound. */
const MAX_PEER_PAGE = 100;

/**
 * One trusted peer (search.peers), asked through its public GET /api/search. It never throws: a
 * peer that is slow, down, blocked or answering nonsense gives no hits and a log line.
 */
export class PeerSearchSource implements ExternalSearchSource {
  readonly name: string;
  private readonly endpoint: URL;
  private readonly host: string;

  constructor(
    peerBaseUrl: string,
    private readonly deps: { fetchJson: PeerJsonFetch; hosts: DiscoveryHosts; log: Logger },
  ) {
    const base = new URL(peerBaseUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.endpoint = new URL('api/search', base);
    this.host = base.host.toLowerCase();
    this.name = `peer:${this.host}`;
  }

  async search(query: ExternalQuery, signal: AbortSignal): Promise<ExternalHit[]> {
    // The peer API has no filters: unfiltered hits would be wrong answers, so a filtered search skips peers.
    if (query.filters && Object.keys(query.filters).length > 0) return [];
    if (!query.text.trim()) return [];
    const started = performance.now();
    try {
      if (await this.deps.hosts.isHidden(this.host)) return [];
      const url = new URL(this.endpoint);
      url.searchParams.set('q', query.text);
      if (query.types?.length) url.searchParams.set('types', query.types.join(','));
      url.searchParams.set('first', String(Math.min(Math.max(query.first, 1), MAX_PEER_PAGE)));
      const hits = readPeerItems(await this.deps.fetchJson(url, signal), this.host).slice(0, query.first);
      return normaliseScores(hits);
    } catch (error) {
      this.deps.log.info(
        { peer: this.host, reason: error instanceof Error ? error.message : String(error), ms: Math.round(performance.now() - started) },
        'peer search: peer left out',
      );
      return [];
    }
  }
}
