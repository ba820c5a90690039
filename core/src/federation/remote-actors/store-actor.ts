import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RemoteActorFields, RemoteKey } from './actor-document.js';
import { RemoteActorError } from './errors.js';
import type { ActorRow, FederationExecutor } from './tables.js';

/**
 * Writes (or refreshes) a remote actor and its keys, with `tx`. `preferredKey` is the one to keep when
 * the actor lists several of a kind. Refuses to overwrite a local actor that has the same id.
 */
export async function writeRemoteActor(tx: FederationExecutor, actor: RemoteActorFields, now: Date, preferredKey?: RemoteKey): Promise<ActorRow> {
  const existing = await tx.selectFrom('core_actors').selectAll().where('uri', '=', actor.uri).executeTakeFirst();
  if (existing && existing.domain === null) throw new RemoteActorError('local', `${actor.uri} is a local actor`);
  const values = {
    type: actor.type,
    username: actor.username,
    domain: actor.domain,
    display_name: actor.displayName,
    summary: actor.summary,
    avatar_url: actor.avatarUrl,
    manually_approves_followers: actor.manuallyApprovesFollowers,
    discoverable: actor.discoverable,
    inbox_url: actor.inboxUrl,
    shared_inbox_url: actor.sharedInboxUrl,
    outbox_url: actor.outboxUrl,
    followers_url: actor.followersUrl,
    profile_url: actor.profileUrl,
    document: sql`cast(cast(${JSON.stringify(actor.document)} as text) as jsonb)` as never,
    fetched_at: now,
    updated_at: now,
    deleted_at: null,
  };
  const row = existing
    ? await tx.updateTable('core_actors').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
    : await tx
        .insertInto('core_actors')
        .values({ ...values, id: randomUUID(), uri: actor.uri, account_id: null, owner_account_id: null, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
  const keys = preferredKey ? [preferredKey, ...actor.keys.filter((key) => key !== preferredKey)] : actor.keys;
  for (const kind of ['rsa', 'ed25519'] as const) {
    const key = keys.find((candidate) => candidate.kind === kind);
    if (!key) continue;
    // A key id moves with its actor; an old row elsewhere would break the unique index.
    await tx.deleteFrom('core_actor_keys').where('key_id', '=', key.id).where('actor_id', '!=', row.id).execute();
    await tx
      .insertInto('core_actor_keys')
      .values({ actor_id: row.id, kind, key_id: key.id, public_key_pem: key.publicKeyPem, private_key_pem: null, created_at: now })
      .onConflict((oc) => oc.columns(['actor_id', 'kind']).doUpdateSet({ key_id: key.id, public_key_pem: key.publicKeyPem }))
      .execute();
  }
  return row;
}
