import type { InstanceSettings } from '@commonplace/sdk/internal';
import { fetchLimitsFrom, fetchRemote, userAgentFor, type FetchRemoteOptions } from '../../federation/fetch/index.js';
import { untilAborted } from '../../federation/fetch/request-guards.js';

/** Fetches a peer's JSON; rejects when the signal aborts (the deadline) even if the request is still running. */
export type PeerJsonFetch = (url: URL, signal: AbortSignal) => Promise<unknown>;

/**
 * GETs through core's SSRF guard (checked addresses, pinned connections, size and redirect limits),
 * timed out at search.externalTimeoutMs: a peer's answer is useless after the search's deadline.
 */
export function guardedPeerFetch(
  settings: InstanceSettings,
  publicUrl: string,
  overrides: Pick<FetchRemoteOptions, 'resolver' | 'transport'> = {},
): PeerJsonFetch {
  const limits = { ...fetchLimitsFrom(settings.federation) };
  limits.timeoutMs = Math.min(limits.timeoutMs, settings.search.externalTimeoutMs);
  return async (url, signal) => {
    const fetched = await untilAborted(fetchRemote(url, { accept: 'json', limits, userAgent: userAgentFor(publicUrl), ...overrides }), signal);
    return fetched.json;
  };
}
