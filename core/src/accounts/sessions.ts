import { randomUUID } from 'node:crypto';
import { BatchedReads, isUuid, sql, type Clock, type Viewer } from '@commonplace/sdk';
import type { AccountView } from './account-view.js';
import { toActorRecord } from './actors.js';
import { ReusableQuery, type SlotFor } from './reusable-query.js';
import { digest, looksLikeSessionToken, newSessionToken } from './secrets.js';
import type { AccountsDb } from './tables.js';

const DAY_MS = 86_400_000;
/** last_used_at is a hint for people reviewing their sessions; minutes of precision are plenty. */
const LAST_USED_PRECISION_MS = 5 * 60_000;

/** A session that checked out: who is asking, and their account as the check read it. */
export interface SessionCheck {
  viewer: Viewer;
  account: AccountView | null;
  /** What a token a plugin issued may do (AccountsPort.issueToken); empty for core's log-in sessions. */
  scopes: readonly string[];
}

/** What a session is for, when a plugin issues it (AccountsPort.issueToken); core's log-in gives none. */
export interface SessionOptions {
  label?: string | null;
  scopes?: readonly string[];
  /** Instead of auth.sessionTtlDays. */
  ttlSeconds?: number;
  /** The plugin issuing it: only that plugin's checkToken knows the token, and core's bearer check does not. */
  issuer?: string;
}

/**
 * Live sessions by their tokens' digests, with their accounts and Persons: every authenticated
 * request runs it, so it is built once (see ReusableQuery). Only the columns `me` and the viewer need.
 */
function sessionLookup(db: AccountsDb) {
  return new ReusableQuery((slot: SlotFor<{ tokenHashes: string[]; now: Date }>) =>
    db
      .selectFrom('core_sessions as s')
      .innerJoin('core_accounts as acc', 'acc.id', 's.account_id')
      .innerJoin('core_actors as a', 'a.account_id', 'acc.id')
      .select(['s.token_hash', 's.id as session_id', 's.last_used_at', 's.scopes', 's.issuer', 'acc.email', 'acc.role'])
      .select(['a.id', 'a.type', 'a.username', 'a.domain', 'a.display_name', 'a.summary', 'a.avatar_url', 'a.uri', 'a.account_id', 'a.created_at'])
      .where('s.token_hash', '=', sql<string>`any(${slot('tokenHashes')})`)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', slot('now'))
      .where('acc.deleted_at', 'is', null)
      .where('a.type', '=', 'Person'),
  );
}

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionLookup>['all']>>[number];

/** Bearer-token sessions. The token goes to the client once; the table keeps only its sha256. */
export class Sessions {
  /** Concurrent requests' checks share one query per round trip, none older than its request (see BatchedReads). */
  private readonly checks: BatchedReads<string, SessionRow>;

  constructor(
    private readonly db: AccountsDb,
    private readonly clock: Clock,
    private readonly ttlDays: number,
  ) {
    const lookup = sessionLookup(db);
    this.checks = new BatchedReads(async (tokenHashes) => {
      const rows = await lookup.all(db, { tokenHashes: [...tokenHashes], now: this.clock.now() });
      return new Map(rows.map((row) => [row.token_hash, row]));
    });
  }

  /** Starts a session for the account (inside the caller's transaction, if given); returns the token. */
  async start(accountId: string, executor: AccountsDb = this.db, options: SessionOptions = {}): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = newSessionToken();
    const now = this.clock.now();
    const ttlMs = options.ttlSeconds !== undefined ? options.ttlSeconds * 1000 : this.ttlDays * DAY_MS;
    const expiresAt = new Date(now.getTime() + ttlMs);
    const sessionId = randomUUID();
    await executor
      .insertInto('core_sessions')
      .values({
        id: sessionId,
        account_id: accountId,
        token_hash: digest(token),
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
        last_used_at: now,
        label: options.label ?? null,
        scopes: options.scopes && options.scopes.length > 0 ? options.scopes.join(' ') : null,
        issuer: options.issuer ?? null,
      })
      .execute();
    return { token, sessionId, expiresAt };
  }

  /**
   * The viewer a token stands for, with the account and Person the same query read (so `me` needs
   * no second read); null when the token is unknown, expired, revoked, or its account is deleted.
   * `issuer` is who asks: null (core's bearer check) knows only core's log-in sessions, a plugin's id
   * only the tokens that plugin issued, so a plugin's scoped token is never a full log-in session.
   */
  async authenticate(token: string, issuer: string | null = null): Promise<SessionCheck | null> {
    if (!looksLikeSessionToken(token)) return null;
    const now = this.clock.now();
    const row = await this.checks.get(digest(token));
    if (!row || row.issuer !== issuer) return null;
    if (now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_PRECISION_MS) {
      await this.db.updateTable('core_sessions').set({ last_used_at: now }).where('id', '=', row.session_id).execute();
    }
    // The join matched the Person on its account id, so it is there.
    const accountId = row.account_id!;
    return {
      viewer: { accountId, actorId: row.id, username: row.username, roles: [row.role], sessionId: row.session_id },
      // As AccountsService.account() answers: an account without an email address is not shown.
      account: row.email ? { accountId, email: row.email, role: row.role, actor: toActorRecord(row) } : null,
      scopes: row.scopes ? row.scopes.split(' ') : [],
    };
  }

  /**
   * The viewer for an account a plugin's authenticator vouched for (a signed request): no session row;
   * `sessionId` names the authenticator. Null when the account is deleted.
   */
  async viewerForAccount(accountId: string, via: string): Promise<Viewer | null> {
    if (!isUuid(accountId)) return null;
    const row = await this.db
      .selectFrom('core_accounts as acc')
      .innerJoin('core_actors as a', 'a.account_id', 'acc.id')
      .select(['acc.id as account_id', 'acc.role', 'a.id as actor_id', 'a.username'])
      .where('acc.id', '=', accountId)
      .where('acc.deleted_at', 'is', null)
      .where('a.type', '=', 'Person')
      .executeTakeFirst();
    if (!row) return null;
    return { accountId: row.account_id, actorId: row.actor_id, username: row.username, roles: [row.role], sessionId: via };
  }

  async revoke(sessionId: string): Promise<void> {
    if (!isUuid(sessionId)) return;
    await this.db
      .updateTable('core_sessions')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes a session `issuer` (a plugin) issued; false when it issued none with that id (or it was purged). */
  async revokeIssued(sessionId: string, issuer: string): Promise<boolean> {
    if (!isUuid(sessionId)) return false;
    const result = await this.db
      .updateTable('core_sessions')
      // Revoking twice keeps the first time.
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${this.clock.now()})` })
      .where('id', '=', sessionId)
      .where('issuer', '=', issuer)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeAllOf(accountId: string, executor: AccountsDb = this.db): Promise<void> {
    await executor
      .updateTable('core_sessions')
      .set({ revoked_at: this.clock.now() })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Deletes sessions that can no longer be used: expired or revoked. */
  async purge(): Promise<number> {
    const result = await this.db
      .deleteFrom('core_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', this.clock.now()), eb('revoked_at', 'is not', null)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
