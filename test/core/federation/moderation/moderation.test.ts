import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '@commonplace/sdk/testing';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { INSTANCE_ACTOR_USERNAME } from '../../../../core/src/federation/documents/instance-actor.js';
import { createFederationPublisher } from '../../../../core/src/federation/outbox/index.js';
import { fanOut } from '../../../../core/src/federation/delivery/index.js';
import { DEFAULT_DELIVERY_SETTINGS } from '../../../../core/src/federation/delivery/settings.js';
import { DELIVER_JOB_NAME } from '../../../../core/src/federation/delivery/job-names.js';
import {
  AS_CONTEXT,
  activityId,
  federationTestInstance,
  postActivity,
  remoteActor,
  startRemoteServer,
  type Published,
  type RemoteActor,
  type RemoteServer,
} from '../inbox/helpers.js';

describe('forwarding a report to the remote instance', () => {
  let instance: CoreTestInstance;
  let published: Published[];
  let server: RemoteServer;
  let carol: RemoteActor;
  let moderator: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    ({ instance, published } = await federationTestInstance());
    server = await startRemoteServer();
    carol = remoteActor(server, 'carol');
    moderator = await instance.createUser('mod', { role: 'moderator' });
    member = await instance.signUp('member');
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const core = () => instance.running.services.federationCore;
  const forward = (id: string, as: TestUser) => instance.graphql(`mutation($id: ID!) { forwardReport(id: $id) { id state targetActor { uri } } }`, { id }, { as });

  it('sends a Flag from the instance actor to the reported actor, with its objects on that host, and marks the report forwarded', async () => {
    const target = await core().remoteActors.resolveRemoteActor(carol.id);
    const note = `${server.origin}/notes/9`;
    const report = await core().moderation.fileReport({
      reporterId: member.actorId,
      targetActorId: target.id,
      objectUris: [note, 'https://elsewhere.example/notes/1'],
      reason: 'spam',
      activityUri: null,
    });

    const refused = await forward(report.id, member);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(published.filter((entry) => entry.activity.type === 'Flag')).toHaveLength(0);

    const result = await forward(report.id, moderator);
    expect(result.errors).toBeUndefined();
    expect(result.data.forwardReport).toEqual({ id: report.id, state: 'forwarded', targetActor: { uri: carol.id } });
    const instanceActor = await instance.running.database.db
      .selectFrom('core_actors')
      .select(['id', 'uri'])
      .where('username', '=', INSTANCE_ACTOR_USERNAME)
      .where('domain', 'is', null)
      .executeTakeFirstOrThrow();
    const flags = published.filter((entry) => entry.activity.type === 'Flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ actorId: instanceActor.id, audience: { kind: 'direct', to: [carol.id] } });
    expect(flags[0]!.activity).toMatchObject({ actor: instanceActor.uri, object: [carol.id, note], content: 'spam' });

    const again = await forward(report.id, moderator);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(published.filter((entry) => entry.activity.type === 'Flag')).toHaveLength(1);
  });

  it('refuses to forward a report that names no remote actor, and an unknown report', async () => {
    const report = await core().moderation.fileReport({ reporterId: null, targetActorId: member.actorId, objectUris: ['https://elsewhere.example/notes/2'], reason: null, activityUri: null });
    expect((await forward(report.id, moderator)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await forward('00000000-0000-4000-8000-000000000000', moderator)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const row = await instance.running.database.db.selectFrom('core_reports').select('state').where('id', '=', report.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('open');
  });
});

describe('allow-list mode (federation.mode: allowlist)', () => {
  let instance: CoreTestInstance;
  let allowedServer: RemoteServer;
  let otherServer: RemoteServer;
  let bob: RemoteActor;
  let dan: RemoteActor;
  let admin: TestUser;
  let alice: TestUser;
  const aliceUri = 'http://localhost.test/actors/alice';

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ settings: { federation: { mode: 'allowlist' } } }));
    allowedServer = await startRemoteServer();
    otherServer = await startRemoteServer();
    bob = remoteActor(allowedServer, 'bob');
    dan = remoteActor(otherServer, 'dan');
    admin = await instance.createUser('admin', { role: 'admin' });
    alice = await instance.signUp('alice');
  });
  afterAll(async () => {
    await instance.close();
    await allowedServer.close();
    await otherServer.close();
  });

  const db = () => instance.running.database.db;
  const follow = (actor: RemoteActor) => ({ '@context': AS_CONTEXT, id: activityId(actor), type: 'Follow', actor: actor.id, object: aliceUri });
  const followRow = (id: string) => db().selectFrom('core_follows').select('state').where('activity_uri', '=', id).executeTakeFirst();

  it('drops (202) what comes from a host not allowed, before fetching anything from it', async () => {
    const activity = follow(bob);
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(202);
    expect(await followRow(activity.id)).toBeUndefined();
    expect(allowedServer.hits('/users/bob')).toBe(0);
  });

  it('lets admins manage the allow-list, and accepts from allowed hosts only', async () => {
    const member = await instance.graphql(`mutation($d: String!) { allowDomain(domain: $d) { domain } }`, { d: allowedServer.host }, { as: alice });
    expect(member.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await instance.graphql(`mutation($d: String!) { allowDomain(domain: $d) { domain createdAt } }`, { d: allowedServer.origin }, { as: admin });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.allowDomain.domain).toBe(allowedServer.host);
    const listed = await instance.graphql(`{ allowedDomains { domain } }`, {}, { as: admin });
    expect(listed.data.allowedDomains).toEqual([{ domain: allowedServer.host }]);
    expect((await instance.graphql(`{ allowedDomains { domain } }`, {}, { as: alice })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const fromBob = follow(bob);
    expect((await postActivity(instance, bob, fromBob)).statusCode).toBe(202);
    expect(await followRow(fromBob.id)).toEqual({ state: 'accepted' });
    // Another port on the same address is another host: not allowed.
    const fromDan = follow(dan);
    expect((await postActivity(instance, dan, fromDan)).statusCode).toBe(202);
    expect(await followRow(fromDan.id)).toBeUndefined();
  });

  it('does not deliver to hosts not allowed', async () => {
    // dan follows alice from before the allow-list (a row written directly).
    const danRow = await instance.running.services.federationCore.remoteActors.resolveRemoteActor(dan.id);
    await db()
      .insertInto('core_follows')
      .values({ id: crypto.randomUUID(), follower_id: danRow.id, followed_id: alice.actorId, state: 'accepted', activity_uri: activityId(dan), created_at: new Date(), accepted_at: new Date() })
      .execute();
    const publisher = createFederationPublisher({ db: db(), jobs: { enqueue: async () => ({ id: 'unused' }) }, clock: { now: () => new Date() } as never, publicUrl: 'http://localhost.test' });
    const { outboxId } = await db()
      .transaction()
      .execute((tx) =>
        publisher.publishActivity(
          { type: 'Create', object: { type: 'Note', id: `${aliceUri}/notes/${crypto.randomUUID()}`, attributedTo: aliceUri, content: 'hi' } },
          { kind: 'public' },
          { tx, actorId: alice.actorId },
        ),
      );
    const deps = {
      db: db(),
      clock: { now: () => new Date() } as never,
      log: instance.running.services.log,
      publicUrl: 'http://localhost.test',
      settings: { ...DEFAULT_DELIVERY_SETTINGS, allowPrivateAddresses: true },
      deliverTimeoutMs: 60_000,
    };
    const inboxes = async () =>
      (await db().selectFrom('core_jobs').select('payload').where('name', '=', DELIVER_JOB_NAME).execute())
        .map((row) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { outboxId: string; inbox: string })
        .filter((payload) => payload.outboxId === outboxId)
        .map((payload) => payload.inbox)
        .sort();
    expect(await fanOut({ outboxId, followersOf: [alice.actorId], recipients: [] }, { ...deps, allowlist: true })).toBe(1);
    expect(await inboxes()).toEqual([`${allowedServer.origin}/inbox`]);
    // In blocklist mode, both hosts get it (the control).
    await db().deleteFrom('core_jobs').where('name', '=', DELIVER_JOB_NAME).execute();
    expect(await fanOut({ outboxId, followersOf: [alice.actorId], recipients: [] }, deps)).toBe(2);
  });

  it('drops again once the domain is disallowed', async () => {
    const removed = await instance.graphql(`mutation($d: String!) { disallowDomain(domain: $d) }`, { d: allowedServer.host }, { as: admin });
    expect(removed.data.disallowDomain).toBe(true);
    const activity = { ...follow(bob), object: aliceUri };
    await db().deleteFrom('core_follows').execute();
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(202);
    expect(await followRow(activity.id)).toBeUndefined();
  });
});
