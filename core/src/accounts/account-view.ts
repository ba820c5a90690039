import type { ActorRecord, Role } from '@commonplace/sdk/internal';

/**
 * An account with its Person, as `me` shows it. Its own module: the session check (sessions.ts) reads
 * one and the accounts service returns one, and neither should import the other for a type.
 */
export interface AccountView {
  accountId: string;
  email: string;
  role: Role;
  actor: ActorRecord;
}
