import type { Kysely } from 'kysely';
import type { ActorType } from '@commonplace/sdk/internal';
import type { AccountsTables } from '../../accounts/tables.js';

/** A local actor as federation documents need it, deleted ones included (they answer 410 Gone). */
export interface LocalActor {
  id: string;
  type: ActorType;
  username: string;
  displayName: string | null;
  summary: string | null;
  avatarUrl: string | null;
  uri: string;
  /** The account of a Person (absent where a LocalActor is made by hand). */
  accountId?: string | null;
  manuallyApprovesFollowers: boolean;
  discoverable: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface ActorPublicKeys {
  rsaPem: string | null;
  ed25519Pem: string | null;
}

/**
 * Reads local actors and their public keys for federation. Unlike the ActorsPort it sees deleted
 * actors, because a deleted actor's URL must keep answering 410 Gone rather than 404.
 */
export class LocalActorDirectory {
  private readonly db: Kysely<AccountsTables>;

  constructor(db: Kysely<any>) {
    this.db = db as Kysely<AccountsTables>;
  }

  async byUsername(username: string): Promise<LocalActor | null> {
    const row = await this.db
      .selectFrom('core_actors')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .where('domain', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      type: row.type,
      username: row.username,
      displayName: row.display_name,
      summary: row.summary,
      avatarUrl: row.avatar_url,
      uri: row.uri,
      accountId: row.account_id,
      manuallyApprovesFollowers: row.manually_approves_followers,
      discoverable: row.discoverable,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      deletedAt: row.deleted_at ? new Date(row.deleted_at) : null,
    };
  }

  async publicKeys(actorId: string): Promise<ActorPublicKeys> {
    const rows = await this.db.selectFrom('core_actor_keys').select(['kind', 'public_key_pem']).where('actor_id', '=', actorId).execute();
    return {
      rsaPem: rows.find((row) => row.kind === 'rsa')?.public_key_pem ?? null,
      ed25519Pem: rows.find((row) => row.kind === 'ed25519')?.public_key_pem ?? null,
    };
  }
}
