import { ConflictError } from '@commonplace/sdk';

/** What each unique index protects, as the input field a client should point at. */
const FIELD_BY_CONSTRAINT: Record<string, { field: string; message: string }> = {
  core_actors_local_username_key: { field: 'username', message: 'That username is taken.' },
  core_actors_uri_key: { field: 'username', message: 'That username is taken.' },
  core_accounts_email_key: { field: 'email', message: 'An account with that email address exists.' },
};

/**
 * Turns PostgreSQL's unique violation (23505) on one of our indexes into CONFLICT naming the field.
 * Checks made before an insert can race; the index cannot, so this is the last word.
 */
export function asConflict(error: unknown): unknown {
  const pgError = error as { code?: unknown; constraint?: unknown };
  if (pgError?.code !== '23505' || typeof pgError.constraint !== 'string') return error;
  const known = FIELD_BY_CONSTRAINT[pgError.constraint];
  return known ? new ConflictError(known.message, known.field) : error;
}

/** Runs `work`, rethrowing unique violations as CONFLICT. */
export async function mappingConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asConflict(error);
  }
}
