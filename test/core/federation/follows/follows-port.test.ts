import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type TestUser } from '@commonplace/sdk/testing';
import type { FederationPort, FollowsView } from '@commonplace/sdk/internal';
import type { Kysely } from 'kysely';
import { createTestInstance, type CoreTestInstance } from '../../../../core/src/testing/index.js';

const PUBLIC_URL = 'http://localhost.test';
const FOLLOW = `mutation($target: String!) { follow(target: $target) { id state } }`;
const uri = (username: string) => `${PUBLIC_URL}/actors/${username}`;

describe('federation.follows and the core_follows_accepted view', () => {
  let instance: CoreTestInstance;
  let federation: FederationPort;
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const users: Record<string, TestUser> = {};

  const follow = async (who: string, whom: string) => {
    const { data, errors } = await instance.graphql(FOLLOW, { target: whom }, { as: users[who]! });
    expect(errors).toBeUndefined();
    clock.advance(60_000);
    return data.follow;
  };

  beforeAll(async () => {
    instance = await createTestInstance({ clock, jobs: false });
    federation = instance.running.services.federation;
    for (const name of ['alice', 'bella', 'carl', 'dina', 'erik']) users[name] = await instance.signUp(name);
    await follow('alice', 'bella');
    await follow('alice', 'carl');
    await follow('alice', 'dina');
    await follow('bella', 'alice');
    await follow('carl', 'alice');
    await instance.running.services.actors.createLocal({ type: 'Group', username: 'club', manuallyApprovesFollowers: true });
    await follow('erik', 'club');
  });
  afterAll(() => instance?.close());

  it('tells a follow’s state, by URI or by a local actor’s id', async () => {
    const follows = federation.follows;
    expect(await follows.state(uri('alice'), uri('bella'))).toBe('accepted');
    expect(await follows.state(users.alice!.actorId, uri('carl'))).toBe('accepted');
    expect(await follows.state(uri('bella'), uri('carl'))).toBeNull();
    expect(await follows.state(uri('erik'), uri('club'))).toBe('pending');
    // The deprecated name answers the same.
    expect(await federation.followState(uri('erik'), uri('club'))).toBe('pending');
  });

  it('pages whom an actor follows and who follows it, newest acceptance first', async () => {
    const follows = federation.follows;
    const first = await follows.following(users.alice!.actorId, { limit: 2 });
    expect(first.items.map((item) => item.uri)).toEqual([uri('dina'), uri('carl')]);
    expect(first.items[0]!.acceptedAt.getTime()).toBeGreaterThan(first.items[1]!.acceptedAt.getTime());
    expect(first.nextCursor).not.toBeNull();
    const second = await follows.following(uri('alice'), { limit: 2, after: first.nextCursor });
    expect(second).toEqual({ items: [{ uri: uri('bella'), acceptedAt: expect.any(Date) }], nextCursor: null });

    const followers = await follows.followers(uri('alice'), { limit: 10 });
    expect(followers.items.map((item) => item.uri)).toEqual([uri('carl'), uri('bella')]);
    // A pending request is no follower.
    expect((await follows.followers(uri('club'), { limit: 10 })).items).toEqual([]);
    expect(await federation.followedUris(users.alice!.actorId, { limit: 10 })).toEqual([uri('dina'), uri('carl'), uri('bella')]);
  });

  it('refuses a limit out of range and a cursor it did not give', async () => {
    const follows = federation.follows;
    await expect(follows.following(uri('alice'), { limit: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'limit' } });
    await expect(follows.following(uri('alice'), { limit: 1001 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(follows.following(uri('alice'), { limit: 5, after: 'bogus' })).rejects.toMatchObject({ extensions: { field: 'after' } });
  });

  it('tells blocks either way', async () => {
    const follows = federation.follows;
    expect(await follows.isBlocked(uri('dina'), uri('erik'))).toBe(false);
    await instance.graphql(`mutation($t: String!) { block(target: $t) { uri } }`, { t: 'dina' }, { as: users.erik! });
    expect(await follows.isBlocked(uri('dina'), uri('erik'))).toBe(true);
    expect(await follows.isBlocked(users.erik!.actorId, uri('dina'))).toBe(true);
    expect(await federation.blockedEitherWay(uri('dina'), uri('erik'))).toBe(true);
    expect(await follows.isBlocked(uri('dina'), 'https://nowhere.example/actors/x')).toBe(false);
  });

  it('lets a plugin join the view with its own tables, leaving out deleted actors', async () => {
    const db = instance.running.database.db as unknown as Kysely<FollowsView>;
    const rows = await db
      .selectFrom('core_follows_accepted')
      .select(['follower_uri', 'followed_uri', 'accepted_at'])
      .where('follower_uri', '=', uri('alice'))
      .orderBy('accepted_at', 'desc')
      .execute();
    expect(rows.map((row) => row.followed_uri)).toEqual([uri('dina'), uri('carl'), uri('bella')]);
    expect(new Date(rows[0]!.accepted_at).getTime()).toBeGreaterThan(new Date(rows[2]!.accepted_at).getTime());

    const dina = instance.running.accounts;
    const viewer = await dina.authenticate(users.dina!.token);
    await dina.service.deleteAccount(viewer, { password: 'correct horse battery staple' });
    const after = await db.selectFrom('core_follows_accepted').select('followed_uri').where('follower_uri', '=', uri('alice')).execute();
    expect(after.map((row) => row.followed_uri).sort()).toEqual([uri('bella'), uri('carl')]);
  });
});
