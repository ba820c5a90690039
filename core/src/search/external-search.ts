import type { Logger } from '@commonplace/sdk';
import { isBlockedHost } from '../federation/delivery/domain-blocks.js';
import type { ExternalHit, ExternalQuery, ExternalSearchSource, RemoteLookup } from './external-source.js';

export interface ExternalSearchInput {
  query: ExternalQuery;
  sources: readonly ExternalSearchSource[];
  /** Given every text: it alone decides whether the text is a handle or URL (lookupTargetOf). */
  lookup: RemoteLookup | undefined;
  timeoutMs: number;
  blockedDomains: readonly string[];
  log: Logger;
}

interface Task {
  name: string;
  run(signal: AbortSignal): Promise<ExternalHit[]>;
}

/**
 * Asks every source (and the remote look-up) at once and keeps what arrives before the deadline: a
 * slow or failing source is left out and logged, never fails the search. A resolved handle or URL
 * comes first; the rest is merged by score, deduplicated by id, and hits from blocked domains dropped.
 */
export interface ExternalResults {
  /** What the handle or URL resolved to, if it did. */
  resolved: ExternalHit | null;
  /** The sources' hits, highest score first. */
  hits: ExternalHit[];
}

export async function searchElsewhere(input: ExternalSearchInput): Promise<ExternalResults> {
  const lookup = input.lookup;
  const lookupTask: Task | null =
    lookup
      ? { name: 'remote look-up', run: async (signal) => [await lookup.lookup(input.query.text, signal)].filter((hit): hit is ExternalHit => hit !== null) }
      : null;
  const sourceTasks: Task[] = input.sources.map((source) => ({ name: source.name, run: (signal) => source.search(input.query, signal) }));
  if (!lookupTask && sourceTasks.length === 0) return { resolved: null, hits: [] };

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${input.timeoutMs} ms`)), input.timeoutMs);
  try {
    const settle = (task: Task) => withinDeadline(task, deadline.signal, input.log);
    const [resolved, ...fromSources] = await Promise.all([lookupTask ? settle(lookupTask) : Promise.resolve([]), ...sourceTasks.map(settle)]);
    const allowed = (hit: ExternalHit) => !isBlocked(hit.originHost, input.blockedDomains);
    const found = (resolved ?? []).find(allowed) ?? null;
    const seen = new Set<string>(found ? [found.id] : []);
    const hits: ExternalHit[] = [];
    for (const hit of fromSources.flat().sort((a, b) => b.score - a.score)) {
      if (seen.has(hit.id) || !allowed(hit)) continue;
      seen.add(hit.id);
      hits.push(hit);
    }
    return { resolved: found, hits };
  } finally {
    clearTimeout(timer);
  }
}

async function withinDeadline(task: Task, deadline: AbortSignal, log: Logger): Promise<ExternalHit[]> {
  const expired = new Promise<never>((_, reject) => {
    if (deadline.aborted) reject(deadline.reason);
    deadline.addEventListener('abort', () => reject(deadline.reason), { once: true });
  });
  try {
    const hits = await Promise.race([task.run(deadline), expired]);
    return Array.isArray(hits) ? hits.filter(isWellFormed) : [];
  } catch (error) {
    log.warn({ err: error, source: task.name }, 'search: a source failed or was too slow; its results are left out');
    return [];
  }
}

function isWellFormed(hit: ExternalHit): boolean {
  return typeof hit?.id === 'string' && typeof hit.url === 'string' && typeof hit.originHost === 'string' && Number.isFinite(hit.score);
}

function isBlocked(originHost: string, blocked: readonly string[]): boolean {
  const host = originHost.toLowerCase();
  return blocked.includes(host) || isBlockedHost(host.replace(/:\d+$/, ''), blocked);
}
