import { afterEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/databases.js';
import { openAccountsFixture, PASSWORD, rejectionOf, type AccountsFixture } from './service-fixture.js';

const DAY = 86_400_000;

describe.each(testDialects())('the AccountsPort on %s', (dialect) => {
  let fixture: AccountsFixture;
  afterEach(async () => fixture?.destroy());

  const signUp = (username: string) =>
    fixture.accounts.service.signUp({ username, email: `${username}@example.org`, password: PASSWORD });

  it('verifies a password by username or email without starting a session; a wrong one is null', async () => {
    fixture = await openAccountsFixture(dialect);
    const { accountId } = await signUp('alice');
    const port = fixture.accounts.ports.forPlugin('client-api');
    const sessionsBefore = await fixture.database.db.selectFrom('core_sessions').select('id').execute();
    expect(await port.verifyPassword('alice', PASSWORD)).toEqual({ accountId });
    expect(await port.verifyPassword(' Alice@Example.org ', PASSWORD)).toEqual({ accountId });
    expect(await port.verifyPassword('alice', 'not the password')).toBeNull();
    expect(await port.verifyPassword('nobody', PASSWORD)).toBeNull();
    expect(await port.verifyPassword('x'.repeat(300), PASSWORD)).toBeNull();
    expect(await fixture.database.db.selectFrom('core_sessions').select('id').execute()).toEqual(sessionsBefore);
  });

  it('counts verifyPassword toward the log-in limits, together with logIn', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { loginAttempts: { perLogin: 3, perAddress: 100, windowSeconds: 600 } } });
    await signUp('bob');
    const port = fixture.accounts.ports.forPlugin('client-api');
    expect(await port.verifyPassword('bob', 'wrong one', { ip: '203.0.113.9' })).toBeNull();
    expect(await port.verifyPassword('bob', 'wrong two')).toBeNull();
    expect((await rejectionOf(fixture.accounts.service.logIn({ login: 'bob', password: 'wrong three' }))).code).toBe('UNAUTHENTICATED');
    // The fourth check, right password or not, is over the limit whichever way it comes.
    const limited = await rejectionOf(port.verifyPassword('bob', PASSWORD));
    expect(limited.code).toBe('RATE_LIMITED');
    expect((await rejectionOf(fixture.accounts.service.logIn({ login: 'bob', password: PASSWORD }))).code).toBe('RATE_LIMITED');
  });

  it('counts per address for verifyPassword as logIn does', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { loginAttempts: { perLogin: 100, perAddress: 2, windowSeconds: 600 } } });
    await signUp('carol');
    const port = fixture.accounts.ports.forPlugin('client-api');
    expect(await port.verifyPassword('carol', 'wrong', { ip: '198.51.100.3' })).toBeNull();
    expect(await port.verifyPassword('dan', 'wrong', { ip: '198.51.100.3' })).toBeNull();
    expect((await rejectionOf(port.verifyPassword('carol', PASSWORD, { ip: '198.51.100.3' }))).code).toBe('RATE_LIMITED');
    expect(await port.verifyPassword('carol', PASSWORD, { ip: '198.51.100.4' })).not.toBeNull();
  });

  it('issues a labelled, scoped token stored hashed, checks it as the account, and revokes it', async () => {
    fixture = await openAccountsFixture(dialect);
    const { accountId, actor } = await signUp('erin');
    const port = fixture.accounts.ports.forPlugin('client-api');
    const issued = await port.issueToken(accountId, { label: 'Tusky', scopes: ['read', 'write:statuses', 'read'] });
    expect(issued.token).toMatch(/^cp_/);
    const row = await fixture.database.db.selectFrom('core_sessions').selectAll().where('id', '=', issued.sessionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ account_id: accountId, label: 'Tusky', scopes: 'read write:statuses', issuer: 'client-api' });
    expect(JSON.stringify(row)).not.toContain(issued.token.slice(3));
    expect(issued.expiresAt!.getTime() - fixture.clock.now().getTime()).toBe(30 * DAY);

    expect(await port.checkToken(issued.token)).toEqual({
      accountId,
      actorId: actor.id,
      username: 'erin',
      roles: ['member'],
      sessionId: issued.sessionId,
      scopes: ['read', 'write:statuses'],
    });
    expect(await port.checkToken('cp_not-a-token-we-issued')).toBeNull();

    await port.revokeToken(issued.sessionId);
    expect(await port.checkToken(issued.token)).toBeNull();
    // Revoking it again is no error: it is still the plugin's token.
    await port.revokeToken(issued.sessionId);
  });

  it('binds an issued token to its plugin: core’s bearer check and other plugins do not know it', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('hugo');
    const issuer = fixture.accounts.ports.forPlugin('client-api');
    const other = fixture.accounts.ports.forPlugin('other-plugin');
    const issued = await issuer.issueToken(grant.accountId, { label: 'Tusky', scopes: ['read'] });
    // A `read` token must not be a full log-in session: core's own bearer check refuses it...
    expect(await fixture.accounts.authenticate(issued.token)).toBeNull();
    // ...and so does another plugin's checkToken, while the issuer still knows it.
    expect(await other.checkToken(issued.token)).toBeNull();
    expect(await issuer.checkToken(issued.token)).toMatchObject({ accountId: grant.accountId, scopes: ['read'] });
    // Core's own log-in session is not a plugin's to check.
    expect(await issuer.checkToken(grant.token)).toBeNull();
    expect((await fixture.accounts.authenticate(grant.token))?.accountId).toBe(grant.accountId);
  });

  it('revokes only sessions the plugin issued; another plugin’s or a log-in session is refused and stays', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('ida');
    const issuer = fixture.accounts.ports.forPlugin('client-api');
    const other = fixture.accounts.ports.forPlugin('other-plugin');
    const issued = await issuer.issueToken(grant.accountId, { label: 'Elk' });
    const loggedIn = (await fixture.accounts.authenticate(grant.token))!;
    expect((await rejectionOf(other.revokeToken(issued.sessionId))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(issuer.revokeToken(loggedIn.sessionId))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(issuer.revokeToken('not-a-uuid'))).code).toBe('NOT_FOUND');
    expect(await issuer.checkToken(issued.token)).not.toBeNull();
    expect((await fixture.accounts.authenticate(grant.token))?.sessionId).toBe(loggedIn.sessionId);
  });

  it('expires a token after its ttl, and refuses bad labels, scopes, ttls and accounts', async () => {
    fixture = await openAccountsFixture(dialect, { auth: { sessionTtlDays: 1 } });
    const { accountId } = await signUp('frank');
    const port = fixture.accounts.ports.forPlugin('client-api');
    const short = await port.issueToken(accountId, { label: 'CLI', ttlSeconds: 60 });
    expect(await port.checkToken(short.token)).toMatchObject({ accountId, scopes: [] });
    fixture.clock.advance(61_000);
    expect(await port.checkToken(short.token)).toBeNull();

    expect(await rejectionOf(port.issueToken(accountId, { label: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'label' } });
    expect(await rejectionOf(port.issueToken(accountId, { label: 'x'.repeat(201) }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await rejectionOf(port.issueToken(accountId, { label: 'App', scopes: ['read write'] }))).toMatchObject({ extensions: { field: 'scopes' } });
    expect(await rejectionOf(port.issueToken(accountId, { label: 'App', ttlSeconds: 2 * 86_400 }))).toMatchObject({ extensions: { field: 'ttlSeconds' } });
    expect((await rejectionOf(port.issueToken('00000000-0000-4000-8000-000000000000', { label: 'App' }))).code).toBe('NOT_FOUND');
    expect((await rejectionOf(port.issueToken('not-a-uuid', { label: 'App' }))).code).toBe('NOT_FOUND');
  });

  it('ends issued tokens when the account is deleted', async () => {
    fixture = await openAccountsFixture(dialect);
    const grant = await signUp('gina');
    const issued = await fixture.accounts.ports.forPlugin('client-api').issueToken(grant.accountId, { label: 'Elk' });
    const viewer = (await fixture.accounts.authenticate(grant.token))!;
    await fixture.accounts.service.deleteAccount(viewer, { password: PASSWORD });
    expect(await fixture.accounts.ports.forPlugin('client-api').checkToken(issued.token)).toBeNull();
  });
});
