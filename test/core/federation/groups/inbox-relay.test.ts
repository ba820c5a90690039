import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
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

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

describe('a local group relays what remote actors address to it (FEP-1b12, inbox side)', () => {
  let instance: CoreTestInstance;
  let published: Published[];
  let server: RemoteServer;
  let ann: RemoteActor;
  let rita: RemoteActor;
  let group: { id: string; uri: string };
  let plain: { id: string; uri: string };

  beforeAll(async () => {
    ({ instance, published } = await federationTestInstance());
    server = await startRemoteServer();
    ann = remoteActor(server, 'ann');
    rita = remoteActor(server, 'rita');
    const owner = await instance.signUp('owner');
    const row = await instance.running.database.db.selectFrom('core_actors').select(['account_id', 'uri']).where('id', '=', owner.actorId).executeTakeFirstOrThrow();
    const created = await instance.running.accounts.actors.createLocal({ type: 'Group', username: 'commons', ownerAccountId: row.account_id as string });
    group = { id: created.id, uri: created.uri };
    plain = { id: owner.actorId, uri: row.uri as string };
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const db = () => instance.running.database.db;
  const outboxOf = async (actorId: string) =>
    (await db().selectFrom('core_outbox').select(['id', 'activity_uri', 'activity']).where('actor_id', '=', actorId).orderBy('created_at').execute()).map((row) => ({
      ...row,
      activity: (typeof row.activity === 'string' ? JSON.parse(row.activity) : row.activity) as Record<string, any>,
    }));
  const fanOutJobsFor = async (activityUris: string[]) =>
    db().selectFrom('core_jobs').select(['name', 'dedupe_key', 'payload']).where('dedupe_key', 'in', activityUris).execute();
  const createNote = (author: RemoteActor, to: string[]) => {
    const note = { id: `${server.origin}/notes/${Math.random().toString(36).slice(2)}`, type: 'Note', attributedTo: author.id, content: '<p>hello group</p>', to };
    return { '@context': AS_CONTEXT, id: activityId(author), type: 'Create', actor: author.id, to, object: note };
  };

  it('accepts a remote Follow of the group as for any actor', async () => {
    const follow = { '@context': AS_CONTEXT, id: activityId(ann), type: 'Follow', actor: ann.id, object: group.uri };
    expect((await postActivity(instance, ann, follow, '/actors/commons/inbox')).statusCode).toBe(202);
    const row = await db().selectFrom('core_follows').selectAll().where('activity_uri', '=', follow.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ followed_id: group.id, state: 'accepted' });
    expect(published.find((entry) => entry.activity.type === 'Accept')).toMatchObject({ actorId: group.id, audience: { kind: 'direct', to: [ann.id] } });
  });

  it('announces a Create addressed to the group to its followers: the activity wrapped, and the bare object', async () => {
    const create = createNote(rita, [group.uri, PUBLIC]);
    expect((await postActivity(instance, rita, create)).statusCode).toBe(202);
    const rows = await outboxOf(group.id);
    expect(rows).toHaveLength(2);
    const wrapped = rows.find((row) => typeof row.activity.object === 'object')!.activity;
    const bare = rows.find((row) => typeof row.activity.object === 'string')!.activity;
    expect(wrapped).toMatchObject({ type: 'Announce', actor: group.uri, to: [PUBLIC], cc: [`${group.uri}/followers`], object: { id: create.id, type: 'Create', actor: rita.id } });
    expect(bare).toMatchObject({ type: 'Announce', actor: group.uri, object: create.object.id });
    // One fan-out job per Announce, to the group's followers.
    const jobs = await fanOutJobsFor(rows.map((row) => row.activity_uri));
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(job.name).toBe('core.federation.fanout');
      const payload = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;
      expect(payload.followersOf).toEqual([group.id]);
    }
  });

  it('relays a Like addressed by cc, wrapped only', async () => {
    const before = (await outboxOf(group.id)).length;
    const like = { '@context': AS_CONTEXT, id: activityId(rita), type: 'Like', actor: rita.id, object: `${server.origin}/notes/1`, cc: [group.uri] };
    expect((await postActivity(instance, rita, like)).statusCode).toBe(202);
    const rows = (await outboxOf(group.id)).slice(before);
    expect(rows.map((row) => row.activity)).toMatchObject([{ type: 'Announce', object: { id: like.id, type: 'Like' } }]);
  });

  it('relays nothing for an activity not addressed to a group, a Person addressee, a replay or a refused activity', async () => {
    const before = (await outboxOf(group.id)).length;
    expect((await postActivity(instance, rita, createNote(rita, [PUBLIC]))).statusCode).toBe(202);
    expect((await postActivity(instance, rita, createNote(rita, [plain.uri]))).statusCode).toBe(202);
    expect(await outboxOf(plain.id)).toHaveLength(0);
    // The same id again: handled once.
    const create = createNote(rita, [group.uri]);
    expect((await postActivity(instance, rita, create)).statusCode).toBe(202);
    expect((await postActivity(instance, rita, create)).statusCode).toBe(202);
    // An object claiming another host fails the origin check: refused, not relayed.
    const forged = createNote(rita, [group.uri]);
    forged.object.id = 'https://elsewhere.example/notes/1';
    expect((await postActivity(instance, rita, forged)).statusCode).toBe(400);
    const rows = (await outboxOf(group.id)).slice(before);
    expect(rows.map((row) => (row.activity.object as { id?: string }).id ?? row.activity.object)).toEqual([create.id, create.object.id]);
  });

  it('does not relay an Update of the sender itself or activities from an actor the group blocks', async () => {
    const before = (await outboxOf(group.id)).length;
    const update = { '@context': AS_CONTEXT, id: activityId(rita), type: 'Update', actor: rita.id, to: [group.uri], object: rita.document };
    expect((await postActivity(instance, rita, update)).statusCode).toBe(202);
    await db().insertInto('core_blocks').values({ id: crypto.randomUUID(), blocker_id: group.id, blocked_id: (await db().selectFrom('core_actors').select('id').where('uri', '=', rita.id).executeTakeFirstOrThrow()).id, created_at: new Date() }).execute();
    expect((await postActivity(instance, rita, createNote(rita, [group.uri, PUBLIC]))).statusCode).toBe(202);
    expect((await outboxOf(group.id)).length).toBe(before);
  });
});
