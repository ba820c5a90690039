import type { AccountsDb, KeyKind } from './tables.js';

export interface SigningKey {
  actorId: string;
  kind: KeyKind;
  publicKeyPem: string;
  privateKeyPem: string;
}

/**
 * Private keys of local actors, for core's federation code that signs requests and objects.
 * Kept apart from the ActorsPort, which every plugin can reach through the container.
 */
export class ActorKeys {
  constructor(private readonly db: AccountsDb) {}

  /** null when the actor is remote, deleted, or has no key of that kind. */
  async signingKey(actorId: string, kind: KeyKind): Promise<SigningKey | null> {
    const row = await this.db
      .selectFrom('core_actor_keys as k')
      .innerJoin('core_actors as a', 'a.id', 'k.actor_id')
      .select(['k.public_key_pem', 'k.private_key_pem'])
      .where('k.actor_id', '=', actorId)
      .where('k.kind', '=', kind)
      .where('a.deleted_at', 'is', null)
      .where('k.private_key_pem', 'is not', null)
      .executeTakeFirst();
    if (!row?.private_key_pem) return null;
    return { actorId, kind, publicKeyPem: row.public_key_pem, privateKeyPem: row.private_key_pem };
  }
}
