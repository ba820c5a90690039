import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  isUuid,
  NotFoundError,
  type ActorRecord,
  type ActorsPort,
  type Clock,
  type CreateLocalActorInput,
  type Executor,
  type UpdateLocalActorInput,
} from '@commonplace/sdk/internal';
import type { KeyPair } from './key-pairs.js';
import { generateActorKeyPairs } from './key-pairs.js';
import type { AccountsDb, AccountsTables, KeyKind } from './tables.js';
import { mappingConflicts } from './unique-violation.js';
import { emitLifecycleEvent, type LifecycleJobs } from '../kernel/lifecycle-events.js';
import { checkAvatarUrl, checkProfileText, checkUsername, PROFILE_LIMITS } from './validation.js';

type ActorRow = AccountsTables['core_actors'];

const NON_PERSON_TYPES = ['Group', 'Organization', 'Service', 'Application'] as const;

export interface NewLocalActor {
  type: ActorRow['type'];
  username: string;
  displayName?: string | null | undefined;
  summary?: string | null | undefined;
  avatarUrl?: string | null | undefined;
  accountId?: string | null;
  ownerAccountId?: string | null;
  manuallyApprovesFollowers?: boolean;
}

/**
 * Most of the sdk's ActorsPort over core_actors: lookups of live actors (deleted ones read as absent),
 * and local actors made with their key pairs. actors-port.ts adds what needs federation or accounts.
 */
export class Actors implements Omit<ActorsPort, 'resolveHandle' | 'updateProfile'> {
  constructor(
    private readonly db: AccountsDb,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    /** Where lifecycle events (actor.deleted of a local actor) are queued; none in tests of actors alone. */
    private readonly lifecycle?: LifecycleJobs,
  ) {}

  async byId(id: string, tx?: Executor): Promise<ActorRecord | null> {
    // Not a uuid cannot be an id, and PostgreSQL would reject the comparison.
    if (!isUuid(id)) return null;
    const row = await this.live(tx).where('id', '=', id).executeTakeFirst();
    return row ? toActorRecord(row) : null;
  }

  /** A live actor by its ActivityPub id (a remote one only once cached). */
  async byUri(uri: string, tx?: Executor): Promise<ActorRecord | null> {
    const row = await this.live(tx).where('uri', '=', uri).executeTakeFirst();
    return row ? toActorRecord(row) : null;
  }

  /** `alice` is a local actor; `alice@example.org` a remote one. */
  async byUsername(username: string, tx?: Executor): Promise<ActorRecord | null> {
    const [name = '', domain] = username.replace(/^@/, '').split('@', 2);
    let query = this.live(tx).where((eb) => eb(eb.fn('lower', ['username']), '=', name.toLowerCase()));
    query = domain
      ? query.where((eb) => eb(eb.fn('lower', ['domain']), '=', domain.toLowerCase()))
      : query.where('domain', 'is', null);
    const row = await query.executeTakeFirst();
    return row ? toActorRecord(row) : null;
  }

  async createLocal(input: CreateLocalActorInput, tx?: Executor): Promise<ActorRecord> {
    if (!(NON_PERSON_TYPES as readonly string[]).includes(input.type)) {
      throw new BadUserInputError('Persons are made by signing up; choose Group, Organization, Service or Application.', 'type');
    }
    const actor: NewLocalActor = {
      type: input.type,
      username: checkUsername(input.username),
      displayName: checkProfileText(input.displayName, 'displayName', PROFILE_LIMITS.displayName),
      summary: checkProfileText(input.summary, 'summary', PROFILE_LIMITS.summary),
      avatarUrl: checkAvatarUrl(input.avatarUrl),
      ownerAccountId: input.ownerAccountId ?? null,
      manuallyApprovesFollowers: input.manuallyApprovesFollowers ?? false,
    };
    const keys = await generateActorKeyPairs();
    const executor = (tx ?? this.db) as AccountsDb;
    // Inside the caller's transaction when given one; otherwise the actor and its keys commit together.
    const row = executor.isTransaction
      ? await this.insertLocal(executor, actor, keys)
      : await executor.transaction().execute((own) => this.insertLocal(own, actor, keys));
    return toActorRecord(row);
  }

  async updateLocal(id: string, input: UpdateLocalActorInput, tx?: Executor): Promise<ActorRecord> {
    const current = await this.localNonPerson(id, tx);
    const changes = {
      display_name: checkProfileText(input.displayName, 'displayName', PROFILE_LIMITS.displayName),
      summary: checkProfileText(input.summary, 'summary', PROFILE_LIMITS.summary),
      avatar_url: checkAvatarUrl(input.avatarUrl),
      manually_approves_followers: input.manuallyApprovesFollowers,
    };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const row = await ((tx ?? this.db) as AccountsDb)
      .updateTable('core_actors')
      .set({ ...defined, updated_at: this.clock.now() })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toActorRecord(row);
  }

  async deleteLocal(id: string, tx?: Executor): Promise<void> {
    const current = await this.localNonPerson(id, tx);
    // The deletion and its actor.deleted event commit together.
    const remove = async (executor: Executor) => {
      await (executor as AccountsDb).updateTable('core_actors').set({ deleted_at: this.clock.now() }).where('id', '=', current.id).execute();
      if (this.lifecycle) await emitLifecycleEvent(this.lifecycle, 'actor.deleted', { actorUri: current.uri, local: true }, { tx: executor });
    };
    await (tx ? remove(tx) : this.db.transaction().execute(remove));
  }

  /** A live local actor made by createLocal; Persons change through their accounts. */
  private async localNonPerson(id: string, tx?: Executor): Promise<ActorRow> {
    const row = isUuid(id) ? await this.live(tx).where('id', '=', id).where('domain', 'is', null).executeTakeFirst() : undefined;
    if (!row || row.type === 'Person') throw new NotFoundError('No local actor with that id that is not a person.');
    return row;
  }

  async publicKeyPem(actorId: string): Promise<string> {
    const pem = await this.publicKey(actorId, 'rsa');
    if (!pem) throw new NotFoundError('That actor has no public key.');
    return pem;
  }

  async publicKey(actorId: string, kind: KeyKind): Promise<string | null> {
    if (!isUuid(actorId)) return null;
    const row = await this.db
      .selectFrom('core_actor_keys')
      .select('public_key_pem')
      .where('actor_id', '=', actorId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row?.public_key_pem ?? null;
  }

  /** Writes a local actor and its keys with the executor given (a transaction, for atomicity). */
  async insertLocal(executor: AccountsDb, actor: NewLocalActor, keys: readonly KeyPair[]): Promise<ActorRow> {
    const now = this.clock.now();
    return mappingConflicts(async () => {
      const row = await executor
        .insertInto('core_actors')
        .values({
          id: randomUUID(),
          type: actor.type,
          username: actor.username,
          domain: null,
          display_name: actor.displayName ?? null,
          summary: actor.summary ?? null,
          avatar_url: actor.avatarUrl ?? null,
          uri: this.localUri(actor.username),
          account_id: actor.accountId ?? null,
          owner_account_id: actor.ownerAccountId ?? null,
          manually_approves_followers: actor.manuallyApprovesFollowers ?? false,
          discoverable: true,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await executor
        .insertInto('core_actor_keys')
        .values(
          keys.map((key) => ({
            actor_id: row.id,
            kind: key.kind,
            public_key_pem: key.publicKeyPem,
            private_key_pem: key.privateKeyPem,
            created_at: now,
          })),
        )
        .execute();
      return row;
    });
  }

  localUri(username: string): string {
    return `${this.publicUrl}/actors/${username}`;
  }

  private live(tx?: Executor) {
    return ((tx ?? this.db) as AccountsDb).selectFrom('core_actors').selectAll().where('deleted_at', 'is', null);
  }
}

/** The columns toActorRecord reads. */
export type ActorRecordRow = Pick<
  ActorRow,
  'id' | 'type' | 'username' | 'domain' | 'display_name' | 'summary' | 'avatar_url' | 'uri' | 'account_id' | 'created_at'
>;

export function toActorRecord(row: ActorRecordRow): ActorRecord {
  return {
    id: row.id,
    type: row.type,
    username: row.username,
    domain: row.domain,
    displayName: row.display_name,
    summary: row.summary,
    avatarUrl: row.avatar_url,
    uri: row.uri,
    accountId: row.account_id,
    createdAt: new Date(row.created_at),
  };
}
