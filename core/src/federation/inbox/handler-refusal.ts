import { CommonplaceError } from '@commonplace/sdk';
import type { InboxOutcome } from './inbox-outcome.js';

/**
 * A plugin's object handler refuses an activity by throwing one of the sdk's typed errors: a rule the
 * activity breaks (BAD_USER_INPUT, FORBIDDEN, CONFLICT) or something it names that is not here
 * (NOT_FOUND). Retrying cannot change those, so the sender gets a 4xx with the reason rather than a 500
 * it would retry for days. Any other error (a database failure, SERVICE_UNAVAILABLE) stays a 500.
 */
export function refusalOfHandlerError(error: unknown): InboxOutcome | null {
  if (!(error instanceof CommonplaceError)) return null;
  const field = typeof error.extensions.field === 'string' ? ` (${error.extensions.field})` : '';
  const reason = `${error.code}${field}: ${error.message}`;
  if (error.code === 'NOT_FOUND') return { status: 404, reason, outcome: 'refused' };
  if (error.code === 'BAD_USER_INPUT' || error.code === 'FORBIDDEN' || error.code === 'CONFLICT') return { status: 400, reason, outcome: 'refused' };
  return null;
}
