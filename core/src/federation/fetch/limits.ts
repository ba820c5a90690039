import type { InstanceSettings } from '@commonplace/sdk/internal';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Reach loopback and private addresses, and plain http (tests, local development). */
  allowPrivateAddresses: boolean;
}

/** The limits an instance's `federation` settings set. */
export function fetchLimitsFrom(federation: InstanceSettings['federation']): FetchLimits {
  return {
    timeoutMs: federation.fetchTimeoutMs,
    maxBytes: federation.fetchMaxBytes,
    maxRedirects: federation.fetchMaxRedirects,
    allowPrivateAddresses: federation.allowPrivateAddresses,
  };
}
