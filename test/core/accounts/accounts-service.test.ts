import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Viewer } from '@commonplace/sdk';
import { testDialects } from '../../helpers/databases.js';
import { openAccountsFixture, PASSWORD, PUBLIC_URL, rejectionOf, type AccountsFixture } from './service-fixture.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe.each(testDialects())('accounts service on %s', (dialect) => {
  let fixture: AccountsFixture;
  afterEach(async () => fixture?.destroy());

  const signUp = (username: string, extra: { email?: string; inviteCode?: string } = {}) =>
    fixture.accounts.service.signUp({ username, email: extra.email ?? `${username}@example.org`, password: PASSWORD, inviteCode: extra.inviteCode });

  const viewerOf = async (token: string): Promise<Viewer> => {
    const viewer = await fixture.accounts.authenticate(token);
    if (!viewer) throw new Error('token refused');
    return viewer;
  };

  it('makes an account, a local Person with both key pairs, and a session whose token is stored hashed', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('alice');
    expect(grant.token).toMatch(/^cp_[A-Za-z0-9_-]{43}$/);
    expect(grant.actor).toMatchObject({ type: 'Person', username: 'alice', domain: null, uri: `${PUBLIC_URL}/actors/alice`, accountId: grant.accountId });

    const keys = await fixture.database.db.selectFrom('core_actor_keys').selectAll().where('actor_id', '=', grant.actor.id).orderBy('kind').execute();
    expect(keys.map((k) => k.kind)).toEqual(['ed25519', 'rsa']);
    expect(createPublicKey(keys[1]!.public_key_pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(keys[0]!.public_key_pem).asymmetricKeyType).toBe('ed25519');
    expect(await fixture.accounts.actors.publicKeyPem(grant.actor.id)).toBe(keys[1]!.public_key_pem);

    const sessions = await fixture.database.db.selectFrom('core_sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(grant.token);
    expect(JSON.stringify(sessions)).not.toContain(grant.token.slice(3));
    expect(sessions[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const viewer = await viewerOf(grant.token);
    expect(viewer).toEqual({ accountId: grant.accountId, actorId: grant.actor.id, username: 'alice', roles: ['member'], sessionId: sessions[0]!.id });
  });

  it('maps a unique violation from racing sign-ups to CONFLICT on the field', async () => {
    fixture = await openAccountsFixture(dialect);
    // Both pass the early check before either commits; the index decides.
    const results = await Promise.allSettled([signUp('bob', { email: 'one@example.org' }), signUp('bob', { email: 'two@example.org' })]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'CONFLICT', extensions: { field: 'username' } });

    const emails = await Promise.allSettled([signUp('carol', { email: 'Same@example.org' }), signUp('dave', { email: 'same@EXAMPLE.org' })]);
    const emailRejected = emails.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(emailRejected).toHaveLength(1);
    expect(emailRejected[0]!.reason).toMatchObject({ code: 'CONFLICT', extensions: { field: 'email' } });
    expect(await fixture.accounts.service.countAccounts()).toBe(2);
  });

  it('gives back an invite use when the sign-up that took it fails', async () => {
    fixture = await openAccountsFixture(dialect, { signUp: 'invite-only' });
    const invite = await fixture.accounts.service.issueInvite({ maxUses: 2 });
    // Both racers pass the early checks and redeem; the loser's username insert fails and its use rolls back.
    const results = await Promise.allSettled([
      signUp('erin', { inviteCode: invite.code }),
      signUp('erin', { email: 'erin2@example.org', inviteCode: invite.code }),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'CONFLICT', extensions: { field: 'username' } });
    const row = await fixture.database.db.selectFrom('core_invites').select(['uses', 'max_uses']).executeTakeFirstOrThrow();
    expect(row).toEqual({ uses: 1, max_uses: 2 });
    expect((await signUp('frank', { inviteCode: invite.code })).actor.username).toBe('frank');
  });

  it('touches last_used_at at most every five minutes', async () => {
    fixture = await openAccountsFixture(dialect);
    const { token } = await signUp('frank');
    const lastUsed = async () => (await fixture.database.db.selectFrom('core_sessions').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;
    const created = new Date(await lastUsed()).getTime();

    fixture.clock.advance(4 * MINUTE);
    await viewerOf(token);
    expect(new Date(await lastUsed()).getTime()).toBe(created);

    fixture.clock.advance(2 * MINUTE);
    await viewerOf(token);
    expect(new Date(await lastUsed()).getTime()).toBe(fixture.clock.now().getTime());
  });

  it('answers `account` for a checked viewer from its session check, and reads again once an account changed', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('hana');
    const { service } = fixture.accounts;

    let before = fixture.queries();
    const viewer = await viewerOf(grant.token);
    const checked = await service.account(viewer);
    // One statement for the session check; the account came with it.
    expect(fixture.queries() - before).toBe(1);
    expect(checked).toEqual({ accountId: grant.accountId, email: 'hana@example.org', role: 'member', actor: grant.actor });
    // The same as a read from the database: a viewer object no session check made has no copy.
    before = fixture.queries();
    expect(await service.account({ ...viewer })).toEqual(checked);
    expect(fixture.queries() - before).toBe(1);

    await service.updateProfile(viewer, { displayName: 'Hana' });
    before = fixture.queries();
    expect((await service.account(viewer))?.actor.displayName).toBe('Hana');
    expect(fixture.queries() - before).toBe(1);

    // A role changed by username (as the command line does) ends the copies too.
    const other = await viewerOf((await signUp('ivo')).token);
    await service.assignRole('hana', 'moderator');
    expect((await service.account(viewer))?.role).toBe('moderator');
    expect((await service.account(other))?.role).toBe('member');

    await service.deleteAccount(viewer, { password: PASSWORD });
    expect(await service.account(viewer)).toBeNull();
  });

  it('refuses tokens that are revoked, expired, malformed or unknown', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { sessionTtlDays: 2 } });
    const first = await signUp('grace');
    const second = await fixture.accounts.service.logIn({ login: 'grace', password: PASSWORD });

    await fixture.accounts.service.logOut(await viewerOf(first.token));
    expect(await fixture.accounts.authenticate(first.token)).toBeNull();
    expect(await fixture.accounts.authenticate(second.token)).not.toBeNull();

    fixture.clock.advance(2 * DAY - 1000);
    expect(await fixture.accounts.authenticate(second.token)).not.toBeNull();
    fixture.clock.advance(1000);
    expect(await fixture.accounts.authenticate(second.token)).toBeNull();

    expect(await fixture.accounts.authenticate('')).toBeNull();
    expect(await fixture.accounts.authenticate(`cp_${'A'.repeat(43)}`)).toBeNull();
    expect(await fixture.accounts.authenticate(second.token.slice(3))).toBeNull();
  });


  it('checks concurrent requests’ tokens together, each answered with its own viewer, and a log-out counts at once', async () => {
    fixture = await openAccountsFixture(dialect);
    const people = await Promise.all(['ada', 'bo', 'cy', 'di', 'ed'].map((name) => signUp(name)));
    const leaving = await fixture.accounts.service.logIn({ login: 'ada', password: PASSWORD });
    const before = fixture.queries();
    const tokens = [...people.map((person) => person.token), leaving.token, `cp_${'B'.repeat(43)}`];
    const viewers = await Promise.all([...tokens, ...tokens].map((token) => fixture.accounts.authenticate(token)));
    expect(viewers.map((viewer) => viewer?.username ?? null)).toEqual([...['ada', 'bo', 'cy', 'di', 'ed', 'ada', null], ...['ada', 'bo', 'cy', 'di', 'ed', 'ada', null]]);
    // Fourteen checks asked for in one turn of the event loop: one read for the seven distinct tokens.
    expect(fixture.queries() - before).toBe(1);

    await fixture.accounts.service.logOut(viewers[5]!);
    const after = await Promise.all([fixture.accounts.authenticate(leaving.token), fixture.accounts.authenticate(people[0]!.token)]);
    expect(after.map((viewer) => viewer?.username ?? null)).toEqual([null, 'ada']);
  });
  it('counts failed log-ins per login and per address in the database, and lets up after the window', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { loginAttempts: { perLogin: 3, perAddress: 5, windowSeconds: 600 } } });
    await signUp('heidi');
    await signUp('ivan');
    const logIn = (login: string, password: string, address = '203.0.113.7') => fixture.accounts.service.logIn({ login, password }, { address });

    for (let i = 0; i < 3; i++) expect((await rejectionOf(logIn('heidi', 'wrong password!'))).code).toBe('UNAUTHENTICATED');
    // By email is the same account, so the same counter.
    const limited = await rejectionOf(logIn('heidi@example.org', PASSWORD, '198.51.100.1'));
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.extensions?.retryAfterSeconds).toBe(600);

    // Another account from the same address: two more failures fill the address's five.
    for (let i = 0; i < 2; i++) expect((await rejectionOf(logIn('ivan', 'wrong password!'))).code).toBe('UNAUTHENTICATED');
    expect((await rejectionOf(logIn('ivan', PASSWORD))).code).toBe('RATE_LIMITED');
    // A refused attempt checks no password and counts against nothing: ivan's own count is still 2 of 3.
    expect(await logIn('ivan', PASSWORD, '192.0.2.44')).toMatchObject({ actor: { username: 'ivan' } });

    fixture.clock.advance(5 * MINUTE);
    expect((await rejectionOf(logIn('heidi', PASSWORD, '192.0.2.45'))).extensions?.retryAfterSeconds).toBe(300);
    fixture.clock.advance(5 * MINUTE);
    expect(await logIn('heidi', PASSWORD)).toMatchObject({ actor: { username: 'heidi' } });

    // Lapsed counters are purged by the job.
    fixture.clock.advance(11 * MINUTE);
    await fixture.accounts.jobs['purge-login-attempts']!.handler({}, {} as never);
    expect(await fixture.database.db.selectFrom('core_rate_limits').selectAll().execute()).toEqual([]);
  });

  it('does not let parallel guesses slip past the limit', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { loginAttempts: { perLogin: 2, perAddress: 100, windowSeconds: 600 } } });
    await signUp('judy');
    const guesses = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => fixture.accounts.service.logIn({ login: 'judy', password: `guess number ${i}` }, { address: `192.0.2.${i}` })),
    );
    const codes = guesses.map((g) => (g.status === 'rejected' ? (g.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(2);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(4);
  });

  it('keeps at least one admin, and a role change shows on the next request', async () => {
    fixture = await openAccountsFixture(dialect, { signUp: 'closed' });
    const admin = await fixture.accounts.service.createAccount({ username: 'root', email: 'root@example.org', password: PASSWORD, role: 'admin' });
    await fixture.accounts.service.createAccount({ username: 'kim', email: 'kim@example.org', password: PASSWORD });
    const { token } = await fixture.accounts.service.logIn({ login: 'root', password: PASSWORD });
    const viewer = await viewerOf(token);
    expect(viewer.roles).toEqual(['admin']);
    expect(admin.actor.username).toBe('root');

    expect(await rejectionOf(fixture.accounts.service.setRole(viewer, { username: 'root', role: 'member' }))).toMatchObject({ code: 'CONFLICT', extensions: { field: 'role' } });
    await fixture.accounts.service.setRole(viewer, { username: 'kim', role: 'admin' });
    const demoted = await fixture.accounts.service.setRole(viewer, { username: 'root', role: 'moderator' });
    expect(demoted.role).toBe('moderator');
    expect((await viewerOf(token)).roles).toEqual(['moderator']);
    expect((await rejectionOf(fixture.accounts.service.setRole(await viewerOf(token), { username: 'kim', role: 'member' }))).code).toBe('FORBIDDEN');
    expect((await rejectionOf(fixture.accounts.service.assignRole('nobody', 'member'))).code).toBe('NOT_FOUND');
  });

  it('refuses to delete the last admin, and lets an admin go once another exists', async () => {
    fixture = await openAccountsFixture(dialect, { signUp: 'closed' });
    await fixture.accounts.service.createAccount({ username: 'root', email: 'root@example.org', password: PASSWORD, role: 'admin' });
    const viewer = await viewerOf((await fixture.accounts.service.logIn({ login: 'root', password: PASSWORD })).token);
    expect(await rejectionOf(fixture.accounts.service.deleteAccount(viewer, { password: PASSWORD }))).toMatchObject({ code: 'CONFLICT' });
    expect(await viewerOf((await fixture.accounts.service.logIn({ login: 'root', password: PASSWORD })).token)).toMatchObject({ roles: ['admin'] });

    await fixture.accounts.service.createAccount({ username: 'ana', email: 'ana@example.org', password: PASSWORD, role: 'admin' });
    await fixture.accounts.service.deleteAccount(viewer, { password: PASSWORD });
    expect(await fixture.accounts.service.countAccounts()).toBe(1);
  });

  it('deletes an account: scrubbed, keys unusable, sessions ended, username kept, email freed', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('leo');
    const other = await fixture.accounts.service.logIn({ login: 'leo', password: PASSWORD });
    const viewer = await viewerOf(grant.token);
    await fixture.accounts.service.updateProfile(viewer, { displayName: 'Leo', summary: 'hello' });

    expect((await rejectionOf(fixture.accounts.service.deleteAccount(viewer, { password: 'not my password' }))).code).toBe('UNAUTHENTICATED');
    await fixture.accounts.service.deleteAccount(viewer, { password: PASSWORD });

    expect(await fixture.accounts.authenticate(grant.token)).toBeNull();
    expect(await fixture.accounts.authenticate(other.token)).toBeNull();
    expect((await rejectionOf(fixture.accounts.service.logIn({ login: 'leo', password: PASSWORD }))).code).toBe('UNAUTHENTICATED');
    expect(await fixture.accounts.actors.byUsername('leo')).toBeNull();
    expect(await fixture.accounts.actors.byId(grant.actor.id)).toBeNull();
    expect(await fixture.accounts.keys.signingKey(grant.actor.id, 'rsa')).toBeNull();

    const db = fixture.database.db;
    const account = await db.selectFrom('core_accounts').selectAll().where('id', '=', grant.accountId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ email: null, password_hash: null });
    expect(account.deleted_at).not.toBeNull();
    const actor = await db.selectFrom('core_actors').selectAll().where('id', '=', grant.actor.id).executeTakeFirstOrThrow();
    expect(actor).toMatchObject({ username: 'leo', display_name: null, summary: null });
    const keys = await db.selectFrom('core_actor_keys').select(['kind', 'private_key_pem', 'public_key_pem']).where('actor_id', '=', grant.actor.id).execute();
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.private_key_pem === null && k.public_key_pem.includes('PUBLIC KEY'))).toBe(true);
    expect(await db.selectFrom('core_sessions').select('id').where('revoked_at', 'is', null).execute()).toEqual([]);

    expect(await rejectionOf(signUp('leo', { email: 'new@example.org' }))).toMatchObject({ code: 'CONFLICT', extensions: { field: 'username' } });
    expect((await signUp('leo2', { email: 'leo@example.org' })).actor.username).toBe('leo2');
    expect(await fixture.accounts.service.countAccounts()).toBe(1);
  });

  it('makes local non-Person actors with keys through the ActorsPort, and finds actors by id and username', async () => {
    fixture = await openAccountsFixture(dialect);
    const owner = await signUp('mallory');
    const group = await fixture.accounts.actors.createLocal({ type: 'Group', username: 'gardeners', displayName: 'Gardeners', ownerAccountId: owner.accountId });
    expect(group).toMatchObject({ type: 'Group', username: 'gardeners', displayName: 'Gardeners', uri: `${PUBLIC_URL}/actors/gardeners`, accountId: null });
    expect(createPublicKey(await fixture.accounts.actors.publicKeyPem(group.id)).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect((await fixture.accounts.keys.signingKey(group.id, 'ed25519'))?.privateKeyPem).toContain('PRIVATE KEY');

    expect(await fixture.accounts.actors.byUsername('gardeners')).toEqual(group);
    expect(await fixture.accounts.actors.byUsername('@gardeners')).toEqual(group);
    expect(await fixture.accounts.actors.byUsername('gardeners@elsewhere.example')).toBeNull();
    expect(await fixture.accounts.actors.byId(group.id)).toEqual(group);
    expect(await fixture.accounts.actors.byId('not-a-uuid')).toBeNull();
    expect((await rejectionOf(fixture.accounts.actors.publicKeyPem('8d0f1c2e-0000-4000-8000-000000000000'))).code).toBe('NOT_FOUND');

    expect(await rejectionOf(fixture.accounts.actors.createLocal({ type: 'Group', username: 'mallory' }))).toMatchObject({ code: 'CONFLICT', extensions: { field: 'username' } });
    expect(await rejectionOf(fixture.accounts.actors.createLocal({ type: 'Person' as never, username: 'someone' }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'type' } });
    expect(await rejectionOf(fixture.accounts.actors.createLocal({ type: 'Service', username: 'Bad Name' }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'username' } });

    // Inside a caller's transaction, the actor exists only if that transaction commits.
    await fixture.database.db.transaction().execute(async (tx) => {
      await fixture.accounts.actors.createLocal({ type: 'Application', username: 'bot' }, tx);
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(await fixture.accounts.actors.byUsername('bot')).toBeNull();
  });

  it('purges expired and revoked sessions and long-expired invites', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { sessionTtlDays: 1 } });
    const kept = await signUp('nina');
    const revoked = await fixture.accounts.service.logIn({ login: 'nina', password: PASSWORD });
    await fixture.accounts.service.logOut(await viewerOf(revoked.token));
    await fixture.accounts.service.issueInvite({ expiresInDays: 1 });
    await fixture.accounts.jobs['purge-sessions']!.handler({}, {} as never);
    expect(await fixture.database.db.selectFrom('core_sessions').select('id').execute()).toHaveLength(1);
    expect(await fixture.accounts.authenticate(kept.token)).not.toBeNull();

    fixture.clock.advance(2 * DAY + 1000);
    await fixture.accounts.jobs['purge-sessions']!.handler({}, {} as never);
    await fixture.accounts.jobs['purge-invites']!.handler({}, {} as never);
    expect(await fixture.database.db.selectFrom('core_sessions').select('id').execute()).toEqual([]);
    expect(await fixture.database.db.selectFrom('core_invites').select('id').execute()).toEqual([]);
  });
});
