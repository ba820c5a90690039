import type { FastifyInstance } from 'fastify';
import { ServiceUnavailableError, type InstanceSettings, type SearchDocumentType } from '@commonplace/sdk/internal';
import { parseSearchApiParams } from './search-api-params.js';
import { previewHits, publicTypes } from './public-previews.js';
import type { CoreServices } from '../../container/core-cradle.js';

/** One item of GET /api/search (docs/federation.md, "Peer search API"). */
export interface SearchApiItem {
  /** The object's URL: globally unique, so peers dedupe by it. */
  id: string;
  type: string;
  title: string;
  summary: string | null;
  url: string;
  score: number;
  originHost: string;
}

export interface SearchApiResponse {
  items: SearchApiItem[];
  /** An estimate of all matches, as the backend counts them. */
  total: number;
}

export interface SearchApiDeps {
  settings: InstanceSettings;
  publicUrl: string;
  declarations: readonly SearchDocumentType[];
  /** The root container's services: no viewer, so the search is anonymous and finds public documents only. */
  services: () => CoreServices;
}

/**
 * GET /api/search?q=&types=&first=: this instance's public documents, for peers' FEDERATED searches.
 * Anonymous by construction (the root services have no viewer), local documents only (copies of
 * other instances' objects are theirs to serve), rate-limited per client address on its own.
 */
export async function searchApiRoutes(app: FastifyInstance, deps: SearchApiDeps): Promise<void> {
  const shared = publicTypes(deps.declarations);
  const sharedTypes = new Set(shared.map((declaration) => declaration.type));
  const byType = new Map(shared.map((declaration) => [declaration.type, declaration]));
  const ownHost = new URL(deps.publicUrl).host.toLowerCase();
  const { enabled, ratePerMinute } = deps.settings.search.publicApi;
  if (!enabled) return;

  app.get('/api/search', { config: { rateLimit: { max: ratePerMinute, timeWindow: 60_000 } } }, async (request, reply): Promise<SearchApiResponse> => {
    const params = parseSearchApiParams(request.query, deps.settings.search, sharedTypes);
    if (shared.length === 0) return { items: [], total: 0 };
    const services = deps.services();
    if (!services.search) throw new ServiceUnavailableError('Search is not enabled on this instance.');
    const results = await services.search.query({
      text: params.q,
      types: params.types.length > 0 ? params.types : [...sharedTypes],
      first: params.first,
      viewerActorId: null,
    });
    const local = results.hits.filter((hit) => !hit.originHost);
    const items = await previewHits(local, byType, services);
    // Public data, the same for everyone: peers and caches in front may keep it briefly.
    reply.header('cache-control', 'public, max-age=30');
    return {
      items: items.map((item) => ({
        id: item.url,
        type: item.type,
        title: item.title,
        summary: item.summary ?? null,
        url: item.url,
        score: item.score,
        originHost: ownHost,
      })),
      total: results.totalEstimate,
    };
  });
}
