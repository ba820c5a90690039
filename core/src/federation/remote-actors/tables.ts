import type { Kysely, Transaction } from 'kysely';
import type { FollowsView } from '@commonplace/sdk/internal';
import type { AccountsTables } from '../../accounts/tables.js';

/** Row shapes of the federation tables (migration 0003_federation) as the inbox, follows and moderation use them. */
export interface FederationTables {
  core_actors: AccountsTables['core_actors'] & {
    inbox_url: string | null;
    shared_inbox_url: string | null;
    outbox_url: string | null;
    followers_url: string | null;
    profile_url: string | null;
    document: unknown;
    fetched_at: Date | null;
  };
  core_actor_keys: AccountsTables['core_actor_keys'] & { key_id: string | null };
  core_accounts: AccountsTables['core_accounts'];
  core_follows: {
    id: string;
    follower_id: string;
    followed_id: string;
    state: 'pending' | 'accepted';
    activity_uri: string;
    created_at: Date;
    accepted_at: Date | null;
  };
  core_blocks: { id: string; blocker_id: string; blocked_id: string; created_at: Date };
  /** The view of migration 0010 (read-only): accepted follows between live actors, by URI. */
  core_follows_accepted: FollowsView['core_follows_accepted'];
  core_inbox_seen: { activity_uri: string; received_at: Date };
  core_allowed_domains: { domain: string; created_at: Date };
  core_domain_blocks: { domain: string; severity: 'reject' | 'silence'; reason: string | null; created_at: Date };
  core_reports: {
    id: string;
    reporter_id: string | null;
    target_actor_id: string | null;
    object_uris: unknown;
    reason: string | null;
    activity_uri: string | null;
    state: 'open' | 'resolved' | 'forwarded';
    created_at: Date;
  };
}

export type FederationDb = Kysely<FederationTables>;
/** The database or a transaction in it. */
export type FederationExecutor = Kysely<FederationTables> | Transaction<FederationTables>;
export type ActorRow = FederationTables['core_actors'];
