import { RemoteActorError } from '../remote-actors/index.js';

/** What the inbox answers, with the reason it logs (and sends back on refusals). */
export interface InboxOutcome {
  status: 202 | 400 | 401 | 404 | 415 | 500 | 503;
  reason: string;
  /** With 503: when the sender should try again (the Retry-After header). */
  retryAfterSeconds?: number;
  /** Short tag for logs and tests: accepted, replay, dropped, ignored, refused... */
  outcome: 'accepted' | 'replay' | 'dropped' | 'ignored' | 'refused' | 'failed';
}

/** Thrown by any step before the transaction: the activity is refused with this outcome and nothing is stored. */
export class Refusal extends Error {
  constructor(readonly outcome: InboxOutcome) {
    super(outcome.reason);
  }
}

export const refuse = (status: InboxOutcome['status'], reason: string): Refusal => new Refusal({ status, reason, outcome: 'refused' });
export const accepted = (reason: string, outcome: InboxOutcome['outcome'] = 'accepted'): InboxOutcome => ({ status: 202, reason, outcome });

/** Seconds a sender is asked to wait (Retry-After) when this process's remote fetches are all taken. */
export const BUSY_RETRY_AFTER_SECONDS = 60;

/**
 * A key or actor not fetched because this process's fetches were all taken (federation.fetchConcurrency*):
 * refused with 503 and Retry-After, since the same activity may well be accepted later. Any other error
 * is left to the caller.
 */
export function refuseWhenBusy(error: unknown): void {
  if (error instanceof RemoteActorError && error.busy) {
    throw new Refusal({ status: 503, reason: `${error.reason}; retry later`, outcome: 'refused', retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
  }
}
