import type { ExternalHit } from '../external-source.js';
import { hostOf } from '../../federation/documents/host-of.js';

const MAX_TITLE = 300;
const MAX_SUMMARY = 1_000;

/**
 * The items of a peer's /api/search answer that are well formed: strings where strings belong, an
 * http(s) URL, a finite score. Malformed items are dropped one by one, not the whole answer. A peer
 * vouches only for its own objects: an item whose URL is on another host is dropped.
 */
export function readPeerItems(json: unknown, peerHost: string): ExternalHit[] {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { items?: unknown }).items)) return [];
  const hits: ExternalHit[] = [];
  for (const item of (json as { items: unknown[] }).items) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, type, title, summary, url, score } = item as Record<string, unknown>;
    if (typeof type !== 'string' || typeof title !== 'string' || typeof url !== 'string') continue;
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0) continue;
    if (!/^https?:\/\//i.test(url) || hostOf(url) !== peerHost) continue;
    hits.push({
      id: typeof id === 'string' && id ? id : url,
      type,
      title: title.slice(0, MAX_TITLE),
      summary: typeof summary === 'string' ? summary.slice(0, MAX_SUMMARY) : null,
      url,
      originHost: peerHost,
      score,
    });
  }
  return hits;
}

/** Scores scaled to 0..1 by the peer's best hit: each peer ranks on its own scale. */
export function normaliseScores(hits: readonly ExternalHit[]): ExternalHit[] {
  const best = Math.max(0, ...hits.map((hit) => hit.score));
  return hits.map((hit) => ({ ...hit, score: best > 0 ? hit.score / best : 0 }));
}
