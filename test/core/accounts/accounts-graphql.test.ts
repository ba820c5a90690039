import { createPublicKey } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServices } from '../../../core/src/container/core-cradle.js';
import { createTestInstance, type GraphQLResponse, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import type { InstanceSettingsInput } from '@commonplace/sdk/internal';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import type { AccountsDb } from '../../../core/src/accounts/tables.js';

const PASSWORD = 'a password long enough';
const MINUTE = 60_000;
const DAY = 86_400_000;

const PERSON_FIELDS = 'id actorType username domain displayName summary avatarUrl uri createdAt';
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token actor { ${PERSON_FIELDS} } } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token actor { id username } } }`;
const ME = `{ me { id username displayName summary avatarUrl email roles actor { id username uri } } }`;
const SET_ROLE = `mutation ($input: SetRoleInput!) { setRole(input: $input) { role actor { username } } }`;
const CREATE_INVITE = `mutation ($input: CreateInviteInput) { createInvite(input: $input) { code expiresAt maxUses } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id username displayName summary avatarUrl } }`;
const DELETE_ACCOUNT = `mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`;
const ACTOR = `query ($username: String!) { actor(username: $username) { id actorType username uri } }`;

/** The instance's database, typed with the accounts tables. */
const dbOf = (instance: TestInstance) => instance.services.db as AccountsDb;
/** The harness's services are core's cradle, whose `accounts` is core's accounts service (plugins get the AccountsPort). */
const coreOf = (instance: TestInstance) => instance.services as unknown as CoreServices;

/** The one error of a response, which must have no data for the failed field. */
function errorOf(response: GraphQLResponse): { code: unknown; field: unknown; message: string; extensions: Record<string, unknown> } {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  const error = response.errors![0]!;
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message, extensions: error.extensions ?? {} };
}

const signUpInput = (username: string, extra: Record<string, unknown> = {}) => ({
  input: { username, email: `${username}@example.org`, password: PASSWORD, ...extra },
});

async function logIn(instance: TestInstance, login: string, password = PASSWORD): Promise<GraphQLResponse> {
  return instance.graphql(LOG_IN, { input: { login, password } });
}

describe('accounts over GraphQL, open sign-up', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await createTestInstance();
  });
  afterAll(async () => instance?.close());

  it('signs up: a Person with a token that logs the new account in', async () => {
    const response = await instance.graphql(SIGN_UP, signUpInput('alice'));
    expect(response.errors).toBeUndefined();
    const { token, actor } = response.data.signUp;
    expect(token).toMatch(/^cp_[A-Za-z0-9_-]{43}$/);
    expect(actor).toMatchObject({ actorType: 'Person', username: 'alice', domain: null, displayName: null, uri: 'http://localhost.test/actors/alice' });

    const me = await instance.graphql(ME, {}, { as: token });
    expect(me.data.me).toEqual({
      id: actor.id,
      username: 'alice',
      displayName: null,
      summary: null,
      avatarUrl: null,
      email: 'alice@example.org',
      roles: ['MEMBER'],
      actor: { id: actor.id, username: 'alice', uri: 'http://localhost.test/actors/alice' },
    });
    expect((await instance.graphql(ME)).data).toEqual({ me: null });
  });

  it.each([
    ['username', { username: 'Alice' }],
    ['username', { username: 'al ice' }],
    ['username', { username: 'al-ice' }],
    ['username', { username: '' }],
    ['username', { username: 'a'.repeat(31) }],
    ['email', { email: 'not-an-email' }],
    ['email', { email: 'someone@localhost' }],
    ['email', { email: '' }],
    ['password', { password: 'nine char' }],
    ['password', { password: 'x'.repeat(1025) }],
  ])('refuses a bad %s at sign-up (%j) with BAD_USER_INPUT naming it', async (field, bad) => {
    const response = await instance.graphql(SIGN_UP, { input: { ...signUpInput('valid_name').input, ...bad } });
    expect(response.data).toBeNull();
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts the boundaries: a 30-character username and a password of exactly the minimum length', async () => {
    const response = await instance.graphql(SIGN_UP, { input: { username: 'b'.repeat(30), email: 'long@example.org', password: 'ten chars!' } });
    expect(response.errors).toBeUndefined();
    expect(response.data.signUp.actor.username).toBe('b'.repeat(30));
  });

  it('refuses a taken username or email with CONFLICT naming the field', async () => {
    await instance.signUp('carol');
    const sameName = await instance.graphql(SIGN_UP, { input: { username: 'carol', email: 'other@example.org', password: PASSWORD } });
    expect(errorOf(sameName)).toMatchObject({ code: 'CONFLICT', field: 'username' });
    const sameEmail = await instance.graphql(SIGN_UP, { input: { username: 'carol2', email: 'CAROL@Example.TEST', password: PASSWORD } });
    expect(errorOf(sameEmail)).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('logs in by username or by email, and says nothing about which part was wrong', async () => {
    await instance.graphql(SIGN_UP, signUpInput('dave'));
    const byName = await logIn(instance, 'dave');
    const byEmail = await logIn(instance, 'DAVE@example.org');
    expect(byName.data.logIn.actor.username).toBe('dave');
    expect(byEmail.data.logIn.actor.username).toBe('dave');
    expect(byEmail.data.logIn.token).not.toBe(byName.data.logIn.token);
    expect((await instance.graphql(ME, {}, { as: byEmail.data.logIn.token })).data.me.username).toBe('dave');

    const wrongPassword = errorOf(await logIn(instance, 'dave', 'not the password'));
    const unknownLogin = errorOf(await logIn(instance, 'nobody_here', PASSWORD));
    expect(wrongPassword).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong login or password.' });
    expect(unknownLogin).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong login or password.' });
  });

  it('logs out: that token is refused with HTTP 401, other sessions live on', async () => {
    await instance.graphql(SIGN_UP, signUpInput('erin'));
    const first = (await logIn(instance, 'erin')).data.logIn.token as string;
    const second = (await logIn(instance, 'erin')).data.logIn.token as string;
    expect((await instance.graphql('mutation { logOut }', {}, { as: first })).data).toEqual({ logOut: true });

    const refused = await instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json' },
      payload: { query: '{ me { username } }' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await instance.graphql(ME, {}, { as: second })).data.me.username).toBe('erin');

    expect(errorOf(await instance.graphql('mutation { logOut }'))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets only admins set roles, and the new role applies at once', async () => {
    const admin = await instance.signUp('root', { role: 'admin', password: PASSWORD });
    const moderator = await instance.signUp('mod', { role: 'moderator', password: PASSWORD });
    const member = await instance.signUp('frank', { password: PASSWORD });
    const promote = { input: { username: 'frank', role: 'MODERATOR' } };

    expect(errorOf(await instance.graphql(SET_ROLE, promote, { as: member }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await instance.graphql(SET_ROLE, promote, { as: moderator }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await instance.graphql(SET_ROLE, promote))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(errorOf(await instance.graphql(CREATE_INVITE, {}, { as: member }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await instance.graphql(ME, {}, { as: member })).data.me.roles).toEqual(['MEMBER']);

    const promoted = await instance.graphql(SET_ROLE, promote, { as: admin });
    expect(promoted.data).toEqual({ setRole: { role: 'MODERATOR', actor: { username: 'frank' } } });
    expect((await instance.graphql(ME, {}, { as: member })).data.me.roles).toEqual(['MODERATOR']);
    expect((await instance.graphql(CREATE_INVITE, {}, { as: member })).data.createInvite.maxUses).toBe(1);

    const unknown = await instance.graphql(SET_ROLE, { input: { username: 'ghost', role: 'ADMIN' } }, { as: admin });
    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['displayName', { displayName: 'd'.repeat(101) }],
    ['summary', { summary: 's'.repeat(5001) }],
    ['avatarUrl', { avatarUrl: 'javascript:alert(1)' }],
    ['avatarUrl', { avatarUrl: 'ftp://files.example.org/me.png' }],
    ['avatarUrl', { avatarUrl: 'not a url' }],
    ['avatarUrl', { avatarUrl: `https://example.org/${'a'.repeat(2030)}` }],
  ])('refuses a bad %s in updateProfile with BAD_USER_INPUT naming it', async (field, bad) => {
    const user = await instance.signUp(`p_${field.toLowerCase()}_${Object.values(bad)[0]!.length}`.slice(0, 30));
    const response = await instance.graphql(UPDATE_PROFILE, { input: bad }, { as: user });
    expect(response.data).toBeNull();
    expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('edits the profile: set fields change, omitted ones stay, null clears', async () => {
    const user = await instance.signUp('grace');
    const full = { displayName: 'd'.repeat(100), summary: 'Gardener. '.repeat(500), avatarUrl: 'https://img.example.org/grace.png' };
    const saved = await instance.graphql(UPDATE_PROFILE, { input: full }, { as: user });
    expect(saved.data.updateProfile).toEqual({ id: user.actorId, username: 'grace', ...full, summary: full.summary.trim() });

    const partly = await instance.graphql(UPDATE_PROFILE, { input: { displayName: 'Grace H.', avatarUrl: null } }, { as: user });
    expect(partly.data.updateProfile).toMatchObject({ displayName: 'Grace H.', summary: full.summary.trim(), avatarUrl: null });
    expect((await instance.graphql(ME, {}, { as: user })).data.me).toMatchObject({ displayName: 'Grace H.', avatarUrl: null });
    expect((await instance.graphql(ACTOR, { username: 'grace' })).data.actor).toEqual({
      id: user.actorId,
      actorType: 'Person',
      username: 'grace',
      uri: 'http://localhost.test/actors/grace',
    });
    expect(errorOf(await instance.graphql(UPDATE_PROFILE, { input: { displayName: 'x' } }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('finds actors by username, and nobody for an unknown one', async () => {
    expect((await instance.graphql(ACTOR, { username: 'no_such_user' })).data).toEqual({ actor: null });
  });

  it('deletes an account: the password is checked, the token dies, the username stays taken', async () => {
    const user = await instance.signUp('heidi', { password: PASSWORD });
    const wrong = await instance.graphql(DELETE_ACCOUNT, { input: { password: 'not my password' } }, { as: user });
    expect(errorOf(wrong)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await instance.graphql(ME, {}, { as: user })).data.me.username).toBe('heidi');

    expect((await instance.graphql(DELETE_ACCOUNT, { input: { password: PASSWORD } }, { as: user })).data).toEqual({ deleteAccount: true });
    const afterwards = await instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      payload: { query: '{ me { username } }' },
    });
    expect(afterwards.statusCode).toBe(401);
    expect(errorOf(await logIn(instance, 'heidi'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await instance.graphql(ACTOR, { username: 'heidi' })).data).toEqual({ actor: null });
    const again = await instance.graphql(SIGN_UP, { input: { username: 'heidi', email: 'new-heidi@example.org', password: PASSWORD } });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', field: 'username' });
  });

  it('gives each Person an RSA-2048 and an Ed25519 key pair', async () => {
    const user = await instance.signUp('ivan');
    const keys = await dbOf(instance).selectFrom('core_actor_keys').selectAll().where('actor_id', '=', user.actorId).orderBy('kind').execute();
    expect(keys.map((k) => k.kind)).toEqual(['ed25519', 'rsa']);
    const [ed25519, rsa] = keys as [(typeof keys)[0], (typeof keys)[0]];
    expect(createPublicKey(rsa.public_key_pem).asymmetricKeyType).toBe('rsa');
    expect(createPublicKey(rsa.public_key_pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(ed25519.public_key_pem).asymmetricKeyType).toBe('ed25519');
    expect(rsa.private_key_pem).toContain('BEGIN PRIVATE KEY');
    expect(await instance.services.actors.publicKeyPem(user.actorId)).toBe(rsa.public_key_pem);
  });

  it('stores passwords as argon2id and tokens only as digests', async () => {
    const response = await instance.graphql(SIGN_UP, signUpInput('judy'));
    const token = response.data.signUp.token as string;
    const second = (await logIn(instance, 'judy')).data.logIn.token as string;
    const account = await dbOf(instance)
      .selectFrom('core_accounts')
      .selectAll()
      .where('email', '=', 'judy@example.org')
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(account)).not.toContain(PASSWORD);

    const sessions = await dbOf(instance).selectFrom('core_sessions').selectAll().where('account_id', '=', account.id).execute();
    expect(sessions).toHaveLength(2);
    const stored = JSON.stringify(sessions);
    for (const plain of [token, second]) {
      expect(stored).not.toContain(plain);
      expect(stored).not.toContain(plain.slice(3));
    }
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });
});

describe('accounts over GraphQL, with settings and a clock of their own', () => {
  let instance: TestInstance | undefined;
  afterEach(async () => {
    await instance?.close();
    instance = undefined;
  });
  const boot = async (settings: InstanceSettingsInput, clock = new ManualClock()) => {
    instance = await createTestInstance({ settings, clock, jobs: false });
    return { instance, clock };
  };

  it('refuses sign-up when it is closed, while the command line can still make accounts', async () => {
    const { instance } = await boot({ signUp: 'closed' });
    expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('kim')))).toMatchObject({ code: 'FORBIDDEN' });
    await coreOf(instance).accounts.createAccount({ username: 'kim', email: 'kim@example.org', password: PASSWORD, role: 'admin' });
    expect(await coreOf(instance).accounts.countAccounts()).toBe(1);
    const admin = (await logIn(instance, 'kim')).data.logIn.token;
    expect((await instance.graphql(ME, {}, { as: admin })).data.me.roles).toEqual(['ADMIN']);
  });

  it('signs up with invites only: missing, unknown, used-up and expired codes are refused on inviteCode', async () => {
    const { instance, clock } = await boot({ signUp: 'invite-only', auth: { inviteTtlDays: 2 } });
    const moderator = await createStaff(instance, 'mod', 'moderator');

    expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('leo')))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inviteCode' });
    expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('leo', { inviteCode: 'cpi_made_up' })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'inviteCode',
    });

    const invite = (await instance.graphql(CREATE_INVITE, { input: { maxUses: 1 } }, { as: moderator })).data.createInvite;
    expect(invite.maxUses).toBe(1);
    expect(new Date(invite.expiresAt).getTime()).toBe(clock.now().getTime() + 2 * DAY);
    const stored = await dbOf(instance).selectFrom('core_invites').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(invite.code);

    expect((await instance.graphql(SIGN_UP, signUpInput('leo', { inviteCode: invite.code }))).data.signUp.actor.username).toBe('leo');
    expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('mia', { inviteCode: invite.code })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'inviteCode',
    });

    const shortLived = (await instance.graphql(CREATE_INVITE, { input: { maxUses: 5, expiresInDays: 1 } }, { as: moderator })).data.createInvite;
    clock.advance(DAY - 1000);
    expect((await instance.graphql(SIGN_UP, signUpInput('mia', { inviteCode: shortLived.code }))).errors).toBeUndefined();
    clock.advance(1000);
    expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('nina', { inviteCode: shortLived.code })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'inviteCode',
    });

    // Invites made with no input use the instance's default lifetime and one use.
    const byDefault = (await instance.graphql(CREATE_INVITE, {}, { as: moderator })).data.createInvite;
    expect(byDefault.maxUses).toBe(1);
    expect(new Date(byDefault.expiresAt).getTime()).toBe(clock.now().getTime() + 2 * DAY);
    for (const [field, input] of [
      ['maxUses', { maxUses: 0 }],
      ['maxUses', { maxUses: 1001 }],
      ['expiresInDays', { expiresInDays: 0 }],
      ['expiresInDays', { expiresInDays: 366 }],
    ] as const) {
      expect(errorOf(await instance.graphql(CREATE_INVITE, { input }, { as: moderator }))).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('refuses a token once its session has expired', async () => {
    const { instance, clock } = await boot({ auth: { sessionTtlDays: 1 } });
    const user = await instance.signUp('olga');
    clock.advance(DAY - MINUTE);
    expect((await instance.graphql(ME, {}, { as: user })).data.me.username).toBe('olga');
    clock.advance(MINUTE);
    const response = await instance.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      payload: { query: '{ me { username } }' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rate-limits log-in after too many failures, even with the right password, until the window passes', async () => {
    const { instance, clock } = await boot({ auth: { loginAttempts: { perLogin: 3, perAddress: 50, windowSeconds: 900 } } });
    await instance.signUp('pat', { password: PASSWORD });
    for (let i = 0; i < 3; i++) expect(errorOf(await logIn(instance, 'pat', `wrong ${i} password`))).toMatchObject({ code: 'UNAUTHENTICATED' });

    const limited = errorOf(await logIn(instance, 'pat'));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.extensions.retryAfterSeconds).toBe(900);

    clock.advance(899_000);
    expect(errorOf(await logIn(instance, 'pat@example.test'))).toMatchObject({ code: 'RATE_LIMITED' });
    clock.advance(1000);
    expect((await logIn(instance, 'pat')).data.logIn.actor.username).toBe('pat');
  });

  it('rate-limits log-in per client address across logins', async () => {
    const { instance } = await boot({ auth: { loginAttempts: { perLogin: 10, perAddress: 4, windowSeconds: 900 } } });
    await instance.signUp('quinn', { password: PASSWORD });
    for (const login of ['x1', 'x2', 'x3', 'quinn']) {
      expect(errorOf(await logIn(instance, login, 'wrong password'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(errorOf(await logIn(instance, 'quinn'))).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('rate-limits sign-ups per client address until the window passes', async () => {
    const { instance, clock } = await boot({ auth: { signUpsPerAddress: 2, loginAttempts: { windowSeconds: 600 } } });
    expect((await instance.graphql(SIGN_UP, signUpInput('rae'))).data.signUp.actor.username).toBe('rae');
    expect((await instance.graphql(SIGN_UP, signUpInput('sol'))).data.signUp.actor.username).toBe('sol');
    const limited = errorOf(await instance.graphql(SIGN_UP, signUpInput('tam')));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.extensions.retryAfterSeconds).toBe(600);
    expect(await coreOf(instance).accounts.countAccounts()).toBe(2);
    clock.advance(600_000);
    expect((await instance.graphql(SIGN_UP, signUpInput('tam'))).data.signUp.actor.username).toBe('tam');
  });
});

/** A user with a staff role, made as the command line makes them (sign-up may be invite-only). */
async function createStaff(instance: TestInstance, username: string, role: 'admin' | 'moderator'): Promise<TestUser> {
  const { accountId, actor } = await coreOf(instance).accounts.createAccount({ username, email: `${username}@example.org`, password: PASSWORD, role });
  const token = (await logIn(instance, username)).data.logIn.token as string;
  return { token, accountId, actorId: actor.id, username };
}

const countSessions = async (instance: TestInstance) =>
  Number((await dbOf(instance).selectFrom('core_sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('log-in and sign-up limits within one request', () => {
  it('counts every password check in a request: the 11th log-in in one request is refused like the 11th across requests', async () => {
    const instance = await createTestInstance({
      settings: { graphql: { maxPasswordChecksPerRequest: 20, maxCost: 100_000 }, auth: { loginAttempts: { perLogin: 10, perAddress: 50, windowSeconds: 900 } } },
    });
    try {
      await instance.createUser('alice', { password: PASSWORD });
      const fields = Array.from({ length: 11 }, (_, i) => `a${i}: logIn(input: { login: "alice", password: "${PASSWORD}" }) { token }`);
      const sessionsBefore = await countSessions(instance);
      const response = await instance.graphql(`mutation { ${fields.join(' ')} }`);
      // logIn is non-null, so the refusal nulls the whole answer; the ten before it ran.
      expect(await countSessions(instance)).toBe(sessionsBefore + 10);
      expect(response.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([['a10', 'RATE_LIMITED']]);
    } finally {
      await instance.close();
    }
  });

  it('gives a failed sign-up its place back: only successful sign-ups count against auth.signUpsPerAddress', async () => {
    const instance = await createTestInstance({ settings: { auth: { signUpsPerAddress: 2 } } });
    try {
      expect((await instance.graphql(SIGN_UP, signUpInput('carol'))).errors).toBeUndefined();
      // Taken usernames and too-short passwords: refused, and not counted.
      for (let i = 0; i < 3; i += 1) {
        expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('carol', { email: `c${i}@example.org` }))).code).toBe('CONFLICT');
        expect(errorOf(await instance.graphql(SIGN_UP, signUpInput(`dan${i}`, { password: 'short' }))).code).toBe('BAD_USER_INPUT');
      }
      expect((await instance.graphql(SIGN_UP, signUpInput('dave'))).errors).toBeUndefined();
      expect(errorOf(await instance.graphql(SIGN_UP, signUpInput('erin'))).code).toBe('RATE_LIMITED');
    } finally {
      await instance.close();
    }
  });
});
