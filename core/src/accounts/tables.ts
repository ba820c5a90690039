import type { Kysely } from 'kysely';
import type { ActorType, Role } from '@commonplace/sdk/internal';

/** Row shapes of the tables made by migration 0001_accounts (and the columns later ones added). */
export interface AccountsTables {
  core_accounts: {
    id: string;
    email: string | null;
    password_hash: string | null;
    role: Role;
    created_at: Date;
    deleted_at: Date | null;
  };
  core_actors: {
    id: string;
    type: ActorType;
    username: string;
    domain: string | null;
    display_name: string | null;
    summary: string | null;
    avatar_url: string | null;
    uri: string;
    account_id: string | null;
    owner_account_id: string | null;
    manually_approves_followers: boolean;
    discoverable: boolean;
    created_at: Date;
    updated_at: Date;
    deleted_at: Date | null;
  };
  core_actor_keys: {
    actor_id: string;
    kind: KeyKind;
    public_key_pem: string;
    private_key_pem: string | null;
    created_at: Date;
  };
  core_sessions: {
    id: string;
    account_id: string;
    token_hash: string;
    created_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
    last_used_at: Date;
    /** Migration 0010: the app a plugin issued the token to; null for core's log-in sessions. */
    label: string | null;
    /** Migration 0010: space-separated scopes of a plugin-issued token; null for core's log-in sessions. */
    scopes: string | null;
    /** Migration 0010: the plugin that issued the token (only its checkToken knows it); null for core's log-in sessions. */
    issuer: string | null;
  };
  core_invites: {
    id: string;
    code_hash: string;
    created_by: string | null;
    created_at: Date;
    expires_at: Date;
    max_uses: number;
    uses: number;
  };
  core_rate_limits: {
    key: string;
    window_start: Date;
    count: number;
  };
}

export type KeyKind = 'rsa' | 'ed25519';

export type AccountsDb = Kysely<AccountsTables>;
