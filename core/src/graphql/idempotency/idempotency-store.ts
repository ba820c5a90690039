import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '@commonplace/sdk';
import { openAnswer, sealAnswer } from './sealed-answer.js';

export interface IdempotencyKeysTable {
  core_idempotency_keys: {
    account_id: string;
    key_digest: string;
    request_digest: string;
    state: 'running' | 'done';
    status_code: number | null;
    response: string | null;
    created_at: Date;
    expires_at: Date;
  };
}

/** What a request with a key finds when it claims it. */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; response: string }
  | { kind: 'running' }
  | { kind: 'other-request' };

/** One request's key, once claimed: where its answer goes. */
export interface ClaimedKey {
  accountId: string;
  keyDigest: string;
  /** Seals and opens the kept answer (sealed-answer.ts); derived from the key itself, never stored. */
  answerKey: Buffer;
}

/**
 * Idempotency keys per account in `core_idempotency_keys`. A key is claimed by inserting its row as
 * 'running' before the mutation runs: the insert is atomic in the database, so of two concurrent
 * requests with one key (in one process or two) exactly one runs, and the other is told the first is
 * under way. The answer is stored with the row, sealed with a key derived from the client's key, and
 * replayed until the row expires.
 */
export class IdempotencyStore {
  private readonly db: Kysely<IdempotencyKeysTable>;

  constructor(
    db: Kysely<any>,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {
    this.db = db as Kysely<IdempotencyKeysTable>;
  }

  /** The key's digest, so the table holds no client-chosen text. */
  static digest(value: string): string {
    return createHash('sha256').update(value).digest('hex');
  }

  async claim(key: ClaimedKey, requestDigest: string): Promise<Claim> {
    const now = this.clock.now();
    const row = { account_id: key.accountId, key_digest: key.keyDigest, request_digest: requestDigest, state: 'running' as const, status_code: null, response: null, created_at: now, expires_at: new Date(now.getTime() + this.ttlSeconds * 1000) };
    // A row past its expiry (not purged yet) is taken over as if it were gone.
    const taken = await this.db
      .insertInto('core_idempotency_keys')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'key_digest'])
          .doUpdateSet({ request_digest: requestDigest, state: 'running', status_code: null, response: null, created_at: now, expires_at: row.expires_at })
          .where('core_idempotency_keys.expires_at', '<=', now),
      )
      .returning('key_digest')
      .executeTakeFirst();
    if (taken) return { kind: 'claimed' };

    const held = await this.db
      .selectFrom('core_idempotency_keys')
      .select(['request_digest', 'state', 'status_code', 'response'])
      .where('account_id', '=', key.accountId)
      .where('key_digest', '=', key.keyDigest)
      .executeTakeFirst();
    // Purged between the two statements: it expired, so the key is free again.
    if (!held) return this.claim(key, requestDigest);
    if (held.request_digest !== requestDigest) return { kind: 'other-request' };
    if (held.state === 'running' || held.status_code === null || held.response === null) return { kind: 'running' };
    const response = openAnswer(key.answerKey, held.response);
    // Same digest, other key: not this client's answer (a digest collision, in practice never).
    if (response === null) return { kind: 'other-request' };
    return { kind: 'replay', statusCode: held.status_code, response };
  }

  /** Keeps the answer the claimed request got, for its retries. */
  async complete(key: ClaimedKey, statusCode: number, response: string): Promise<void> {
    await this.db
      .updateTable('core_idempotency_keys')
      .set({ state: 'done', status_code: statusCode, response: sealAnswer(key.answerKey, response) })
      .where('account_id', '=', key.accountId)
      .where('key_digest', '=', key.keyDigest)
      .where('state', '=', 'running')
      .execute();
  }

  /** Frees a key whose request did not run (the server failed first), so a retry may run it. */
  async release(key: ClaimedKey): Promise<void> {
    await this.db
      .deleteFrom('core_idempotency_keys')
      .where('account_id', '=', key.accountId)
      .where('key_digest', '=', key.keyDigest)
      .where('state', '=', 'running')
      .execute();
  }

  /** Deletes expired keys; the scheduled `core.purge-idempotency-keys` job. */
  async purge(): Promise<number> {
    const result = await this.db.deleteFrom('core_idempotency_keys').where('expires_at', '<=', this.clock.now()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

}
