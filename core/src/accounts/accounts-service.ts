import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  isUuid,
  NotFoundError,
  UnauthenticatedError,
  requireRole,
  type ActorRecord,
  type Clock,
  type Executor,
  type InstanceSettings,
  type Role,
  type Viewer,
} from '@commonplace/sdk/internal';
import type { AccountView } from './account-view.js';
import { toActorRecord, type Actors } from './actors.js';
import type { Invites, NewInvite } from './invites.js';
import { generateActorKeyPairs } from './key-pairs.js';
import type { LoginAttempts } from './login-attempts.js';
import { MAX_PASSWORD_LENGTH, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { SessionAccounts } from './session-accounts.js';
import type { Sessions } from './sessions.js';
import type { AccountsDb, AccountsTables } from './tables.js';
import { mappingConflicts } from './unique-violation.js';
import { emitLifecycleEvent, type LifecycleJobs } from '../kernel/lifecycle-events.js';
import {
  PROFILE_LIMITS,
  checkAvatarUrl,
  checkEmail,
  checkNewPassword,
  checkProfileText,
  checkRole,
  checkUsername,
} from './validation.js';

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  inviteCode?: string | null | undefined;
}

export interface LogInInput {
  /** A username or an email address. */
  login: string;
  password: string;
}

export interface CreateAccountInput {
  username: string;
  email: string;
  password: string;
  role?: Role;
}

export interface ProfileInput {
  /** undefined leaves a field as it is; null or blank clears it. */
  displayName?: string | null | undefined;
  summary?: string | null | undefined;
  avatarUrl?: string | null | undefined;
}

export interface InviteInput {
  maxUses?: number | null | undefined;
  expiresInDays?: number | null | undefined;
}

/** A logged-in session, as signUp and logIn return it. */
export interface SessionGrant {
  /** The bearer token; shown once, only its digest is stored. */
  token: string;
  accountId: string;
  actor: ActorRecord;
}


/** Where a request came from, for counting log-in attempts per client address. */
const MAX_LOGIN_LENGTH = 254;
/** Our codes are 22 characters; anything much longer was never one. */
const MAX_INVITE_CODE_LENGTH = 128;

export interface RequestOrigin {
  address?: string | null;
  /** Stands for the request (its GraphQL context): password checks in one request count together. */
  request?: object;
}

export interface AccountsServiceDeps {
  db: AccountsDb;
  clock: Clock;
  settings: Pick<InstanceSettings, 'signUp' | 'auth'>;
  actors: Actors;
  sessions: Sessions;
  invites: Invites;
  loginAttempts: LoginAttempts;
  /** Where lifecycle events (account.deleted) are queued; none in tests of accounts alone. */
  lifecycle?: LifecycleJobs;
}

export type { AccountView } from './account-view.js';

const WRONG_CREDENTIALS = 'Wrong login or password.';

/**
 * Accounts and their Person actors: sign-up, log-in and out, roles, invites, profile, deletion.
 * Methods acting for someone take the viewer and check permissions themselves, so plugins calling
 * the service cannot skip the rules the GraphQL API enforces. `createAccount`, `assignRole` and
 * `issueInvite` are for the command line and tests and check nothing.
 */
export class AccountsService {
  private readonly db: AccountsDb;
  private readonly clock: Clock;
  private readonly settings: AccountsServiceDeps['settings'];
  private readonly actors: Actors;
  private readonly sessions: Sessions;
  private readonly invites: Invites;
  private readonly loginAttempts: LoginAttempts;
  private readonly lifecycle: LifecycleJobs | undefined;
  private readonly sessionAccounts = new SessionAccounts();

  constructor(deps: AccountsServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.settings = deps.settings;
    this.actors = deps.actors;
    this.sessions = deps.sessions;
    this.invites = deps.invites;
    this.loginAttempts = deps.loginAttempts;
    this.lifecycle = deps.lifecycle;
  }

  /** Sign-up as the instance's `signUp` setting allows; returns a logged-in session. */
  async signUp(input: SignUpInput, origin: RequestOrigin = {}): Promise<SessionGrant> {
    const mode = this.settings.signUp;
    if (mode === 'closed') throw new ForbiddenError('Sign-up is closed on this instance.');
    // Counted before, so parallel sign-ups cannot slip past the limit; a refused one gives its place
    // back, so only accounts made count. Refusals are cheap: they come before the hash and the keys.
    const giveBack = origin.address ? await this.loginAttempts.countSignUp(origin.address, this.settings.auth.signUpsPerAddress) : null;
    try {
      const inviteCode = mode === 'invite-only' ? (input.inviteCode ?? '') : null;
      if (inviteCode && inviteCode.length > MAX_INVITE_CODE_LENGTH) throw new BadUserInputError('That invite code is not valid.', 'inviteCode');
      const { accountId, actor, token } = await this.register(input, { role: 'member', inviteCode, startSession: true });
      return { token: token!, accountId, actor };
    } catch (error) {
      await giveBack?.();
      throw error;
    }
  }

  /** An account made whatever the sign-up mode (`commonplace create-admin`, seeding). */
  async createAccount(input: CreateAccountInput): Promise<{ accountId: string; actor: ActorRecord }> {
    const { accountId, actor } = await this.register(input, { role: checkRole(input.role ?? 'member'), inviteCode: null, startSession: false });
    return { accountId, actor };
  }

  /** Log-in by username or email. Wrong either way is the same answer, in about the same time. */
  async logIn(input: LogInInput, origin: RequestOrigin = {}): Promise<SessionGrant> {
    const login = input.login.trim();
    // A username or an email address: nothing longer can match, so it is not worth a query.
    if (login.length > MAX_LOGIN_LENGTH) throw new BadUserInputError(`login has at most ${MAX_LOGIN_LENGTH} characters.`, 'login');
    const account = await this.checkPassword(login, input.password, origin);
    if (!account) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    const session = await this.sessions.start(account.id);
    return { token: session.token, accountId: account.id, actor: toActorRecord(account.actor) };
  }

  /**
   * The sdk's AccountsPort.verifyPassword: the account these credentials are for, or null; counted
   * toward the log-in limits exactly as logIn (RATE_LIMITED over them), and starting no session.
   */
  async verifyPassword(login: string, password: string, origin: RequestOrigin = {}): Promise<{ accountId: string } | null> {
    const trimmed = login.trim();
    if (trimmed.length > MAX_LOGIN_LENGTH) return null;
    const account = await this.checkPassword(trimmed, password, origin);
    return account ? { accountId: account.id } : null;
  }

  /** The account when the password is its own; null otherwise. Counted as one log-in attempt. */
  private async checkPassword(login: string, password: string, origin: RequestOrigin) {
    const account = await this.findAccountByLogin(login);
    const release = await this.loginAttempts.begin(account ? `account:${account.id}` : `unknown:${login.toLowerCase()}`, origin.address ?? null, origin.request);
    // Checked (against a dummy hash when nobody matched) before anything is decided.
    const matches = await this.passwordMatches(account?.password_hash ?? null, password);
    if (!account || !matches) return null;
    await release();
    return account;
  }

  /** Ends the session the viewer's request came with. */
  async logOut(viewer: Viewer | null): Promise<void> {
    if (!viewer) throw new UnauthenticatedError();
    await this.sessions.revoke(viewer.sessionId);
  }

  /** The viewer a bearer token stands for; null when it is unknown, expired or revoked, or its account is deleted. */
  async authenticate(token: string): Promise<Viewer | null> {
    const check = await this.sessions.authenticate(token);
    if (!check) return null;
    if (check.account) this.sessionAccounts.remember(check.viewer, check.account);
    return check.viewer;
  }

  /** Live (not deleted) accounts. */
  async countAccounts(): Promise<number> {
    const row = await this.db
      .selectFrom('core_accounts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * The viewer's account and Person; null when it is gone. For a viewer from this request's session
   * check, the account that check read (unless an account was written since), without a second query.
   */
  account(viewer: Viewer): Promise<AccountView | null> {
    const checked = this.sessionAccounts.recall(viewer);
    if (checked) return Promise.resolve(checked);
    return this.accountWith(this.db, viewer.accountId);
  }

  /** Admins only. */
  async setRole(viewer: Viewer | null, input: { username: string; role: Role }): Promise<AccountView> {
    requireRole({ viewer }, 'admin');
    return this.assignRole(input.username, input.role);
  }

  /** Gives a local account a role, checking no permission. The last admin cannot be demoted. */
  async assignRole(username: string, role: Role): Promise<AccountView> {
    const checkedRole = checkRole(role);
    return this.changingAccounts(() =>
      this.db.transaction().execute(async (tx) => {
        const target = await tx
          .selectFrom('core_actors as a')
          .innerJoin('core_accounts as acc', 'acc.id', 'a.account_id')
          .select(['acc.id as account_id', 'acc.role'])
          .where((eb) => eb(eb.fn('lower', ['a.username']), '=', username.toLowerCase()))
          .where('a.domain', 'is', null)
          .where('a.type', '=', 'Person')
          .where('acc.deleted_at', 'is', null)
          .executeTakeFirst();
        if (!target) throw new NotFoundError('No local account has that username.');
        if (target.role === 'admin' && checkedRole !== 'admin') await this.refuseLosingLastAdmin(tx, 'role');
        await tx.updateTable('core_accounts').set({ role: checkedRole }).where('id', '=', target.account_id).execute();
        const view = await this.accountWith(tx, target.account_id);
        return view!;
      }),
    );
  }

  /**
   * CONFLICT when the admin about to be demoted or deleted is the last one. Locks the admins' rows,
   * so two admins leaving at once cannot leave none.
   */
  private async refuseLosingLastAdmin(tx: Executor<AccountsTables>, field: string): Promise<void> {
    const admins = await tx
      .selectFrom('core_accounts')
      .select('id')
      .where('role', '=', 'admin')
      .where('deleted_at', 'is', null)
      .forUpdate()
      .execute();
    if (admins.length <= 1) throw new ConflictError('An instance needs at least one admin; make another admin first.', field);
  }

  /** Moderators and admins. The code is in the answer and nowhere else. */
  async createInvite(viewer: Viewer | null, input: InviteInput = {}): Promise<NewInvite> {
    const creator = requireRole({ viewer }, 'moderator');
    return this.invites.create({ createdBy: creator.accountId, maxUses: input.maxUses ?? null, expiresInDays: input.expiresInDays ?? null });
  }

  /** An invite made without a viewer (the command line). */
  issueInvite(input: InviteInput = {}): Promise<NewInvite> {
    return this.invites.create({ createdBy: null, maxUses: input.maxUses ?? null, expiresInDays: input.expiresInDays ?? null });
  }

  /** Edits the viewer's Person; returns it as saved. */
  async updateProfile(viewer: Viewer | null, input: ProfileInput): Promise<ActorRecord> {
    if (!viewer) throw new UnauthenticatedError();
    const row = await this.writeProfile(viewer.actorId, input, this.db);
    if (!row) throw new UnauthenticatedError();
    return toActorRecord(row);
  }

  /**
   * The ActorsPort's updateProfile: edits a live local Person by its actor id, with the same checks as
   * the person's own edit, in `executor` (the caller's transaction). NOT_FOUND for any other actor.
   */
  async updatePersonProfile(actorId: string, input: ProfileInput, executor: AccountsDb = this.db): Promise<ActorRecord> {
    const row = isUuid(actorId) ? await this.writeProfile(actorId, input, executor, { personOnly: true }) : undefined;
    if (!row) throw new NotFoundError('No local person has that actor id.');
    return toActorRecord(row);
  }

  private writeProfile(actorId: string, input: ProfileInput, executor: AccountsDb, options: { personOnly?: boolean } = {}) {
    const changes = {
      display_name: checkProfileText(input.displayName, 'displayName', PROFILE_LIMITS.displayName),
      summary: checkProfileText(input.summary, 'summary', PROFILE_LIMITS.summary),
      avatar_url: checkAvatarUrl(input.avatarUrl),
    };
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return this.changingAccounts(() => {
      let query = executor
        .updateTable('core_actors')
        .set({ ...set, updated_at: this.clock.now() })
        .where('id', '=', actorId)
        .where('deleted_at', 'is', null);
      if (options.personOnly) query = query.where('type', '=', 'Person').where('domain', 'is', null).where('account_id', 'is not', null);
      return query.returningAll().executeTakeFirst();
    });
  }

  /**
   * Deletes the viewer's account after checking the password: email, password and private keys
   * are wiped, every session ends, and the Person stays as a tombstone so its username stays taken.
   */
  async deleteAccount(viewer: Viewer | null, input: { password: string }, origin: RequestOrigin = {}): Promise<void> {
    if (!viewer) throw new UnauthenticatedError();
    const account = await this.db
      .selectFrom('core_accounts')
      .select(['id', 'password_hash'])
      .where('id', '=', viewer.accountId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    // Password checks here count with log-in's, or a stolen token would be a way to guess.
    const release = await this.loginAttempts.begin(`account:${viewer.accountId}`, origin.address ?? null, origin.request);
    if (!account || !(await this.passwordMatches(account.password_hash, input.password))) {
      throw new UnauthenticatedError('Wrong password.');
    }
    await release();
    const now = this.clock.now();
    await this.changingAccounts(() =>
      this.db.transaction().execute(async (tx) => {
        const { role } = await tx.selectFrom('core_accounts').select('role').where('id', '=', account.id).executeTakeFirstOrThrow();
        if (role === 'admin') await this.refuseLosingLastAdmin(tx, 'password');
        await tx
          .updateTable('core_accounts')
          .set({ deleted_at: now, email: null, password_hash: null })
          .where('id', '=', account.id)
          .execute();
        await tx
          .updateTable('core_actors')
          .set({ deleted_at: now, updated_at: now, display_name: null, summary: null, avatar_url: null })
          .where('account_id', '=', account.id)
          .execute();
        await tx
          .updateTable('core_actor_keys')
          .set({ private_key_pem: null })
          .where('actor_id', 'in', (eb) => eb.selectFrom('core_actors').select('id').where('account_id', '=', account.id))
          .execute();
        await this.sessions.revokeAllOf(account.id, tx);
        // Plugins delete or tombstone what the person made, once this commits.
        if (this.lifecycle) {
          const person = await tx.selectFrom('core_actors').select(['id', 'uri']).where('account_id', '=', account.id).where('type', '=', 'Person').executeTakeFirst();
          if (person) await emitLifecycleEvent(this.lifecycle, 'account.deleted', { accountId: account.id, actorId: person.id, actorUri: person.uri }, { tx });
        }
      }),
    );
  }

  /** Runs a write to accounts or Persons; afterwards (committed or not) no session check's copy is trusted. */
  private async changingAccounts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.sessionAccounts.accountsChanged();
    }
  }

  /**
   * Shared by sign-up and createAccount: validate and check cheaply first, then hash and make keys,
   * then one transaction for the invite's use, the account, the Person, its keys and the session.
   */
  private async register(
    input: SignUpInput,
    options: { role: Role; inviteCode: string | null; startSession: boolean },
  ): Promise<{ accountId: string; actor: ActorRecord; token: string | null }> {
    const username = checkUsername(input.username);
    const email = checkEmail(input.email);
    const password = checkNewPassword(input.password, this.settings.auth.passwordMinLength);
    if (options.inviteCode !== null) await this.invites.assertUsable(options.inviteCode);
    await this.refuseTaken(username, email);

    const [passwordHash, keys] = await Promise.all([hashPassword(password), generateActorKeyPairs()]);
    const accountId = randomUUID();
    return this.db.transaction().execute((tx) =>
      mappingConflicts(async () => {
        // The redeem is the check that counts: the one above may have raced another sign-up.
        if (options.inviteCode !== null) await this.invites.redeem(options.inviteCode, tx);
        await tx
          .insertInto('core_accounts')
          .values({ id: accountId, email, password_hash: passwordHash, role: options.role, created_at: this.clock.now(), deleted_at: null })
          .execute();
        const actor = await this.actors.insertLocal(tx, { type: 'Person', username, accountId }, keys);
        const session = options.startSession ? await this.sessions.start(accountId, tx) : null;
        return { accountId, actor: toActorRecord(actor), token: session?.token ?? null };
      }),
    );
  }

  /** Friendly early CONFLICT, username first; the unique indexes still decide races. */
  private async refuseTaken(username: string, email: string): Promise<void> {
    const actor = await this.db
      .selectFrom('core_actors')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .where('domain', 'is', null)
      .executeTakeFirst();
    if (actor) throw new ConflictError('That username is taken.', 'username');
    const account = await this.db
      .selectFrom('core_accounts')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    if (account) throw new ConflictError('An account with that email address exists.', 'email');
  }

  private async findAccountByLogin(login: string) {
    if (!login) return null;
    let query = this.db
      .selectFrom('core_accounts as acc')
      .innerJoin('core_actors as a', 'a.account_id', 'acc.id')
      .selectAll('a')
      .select(['acc.id as account_key', 'acc.password_hash'])
      .where('acc.deleted_at', 'is', null)
      .where('a.type', '=', 'Person');
    query = login.includes('@')
      ? query.where((eb) => eb(eb.fn('lower', ['acc.email']), '=', login.toLowerCase()))
      : query.where((eb) => eb(eb.fn('lower', ['a.username']), '=', login.toLowerCase())).where('a.domain', 'is', null);
    const row = await query.executeTakeFirst();
    if (!row) return null;
    const { account_key, password_hash, ...actor } = row;
    return { id: account_key, password_hash, actor };
  }

  /** Always spends one argon2 computation, whether or not there is a hash to check against. */
  private async passwordMatches(passwordHash: string | null, password: string): Promise<boolean> {
    if (password.length > MAX_PASSWORD_LENGTH) return false;
    if (!passwordHash) return verifyAgainstDummy(password);
    return verifyPassword(passwordHash, password);
  }

  private async accountWith(executor: AccountsDb, accountId: string): Promise<AccountView | null> {
    const row = await executor
      .selectFrom('core_accounts as acc')
      .innerJoin('core_actors as a', 'a.account_id', 'acc.id')
      .selectAll('a')
      .select(['acc.email', 'acc.role'])
      .where('acc.id', '=', accountId)
      .where('acc.deleted_at', 'is', null)
      .where('a.type', '=', 'Person')
      .executeTakeFirst();
    if (!row?.email) return null;
    const { email, role, ...actor } = row;
    return { accountId, email, role, actor: toActorRecord(actor) };
  }
}
