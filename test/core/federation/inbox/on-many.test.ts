import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type InboxEntry, type Services } from '@commonplace/sdk/internal';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import type { FederationCore } from '../../../../core/src/federation/inbox/index.js';
import { AS_CONTEXT, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from './helpers.js';

/** What the handler was given: one call of `on.Create` (one id) or of `onMany.Create` (several). */
const calls: Array<{ via: 'on' | 'onMany'; ids: string[]; inTransaction: boolean; content?: unknown }> = [];
/** onMany throws when one of its entries has this content, as a batch hitting a bad row would. */
const POISON = 'poison';
/** on.Create holds the transaction of a Note with this content until `release` is called. */
const HOLD = 'hold';
let held: Promise<void> = Promise.resolve();

const notes = definePlugin({
  id: 'batched-notes',
  version: '1.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        on: {
          Create: async (_activity, note, services: Services) => {
            if (note.content === HOLD) await held;
            calls.push({ via: 'on', ids: [String(note.id)], inTransaction: services.db.isTransaction, content: note.content });
          },
        },
        onMany: {
          Create: async (entries: readonly InboxEntry[], services: Services) => {
            if (entries.some((entry) => entry.object.content === POISON)) throw new Error('a bad row in the batch');
            calls.push({ via: 'onMany', ids: entries.map((entry) => String(entry.object.id)), inTransaction: services.db.isTransaction });
          },
        },
      },
    ],
  },
});

describe('plugin handlers with onMany: the inbox hands them the activities it commits together', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let bob: RemoteActor;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [notes] }));
    server = await startRemoteServer();
    bob = remoteActor(server, 'bob');
    // The first activity from bob fetches his key; later ones arrive with it cached.
    expect((await postActivity(instance, bob, create(bob, 'warm-up'))).statusCode).toBe(202);
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const create = (actor: RemoteActor, content: string) => {
    const noteId = activityId(actor, 'notes');
    return { '@context': AS_CONTEXT, id: `${noteId}/activity`, type: 'Create', actor: actor.id, object: { id: noteId, type: 'Note', attributedTo: actor.id, content } };
  };
  const handledIds = () => calls.flatMap((call) => call.ids);
  const inbox = () => (instance.running.container.resolve('federationCore') as FederationCore).inbox;

  /**
   * Posts `activities` while a transaction is held open, so that they all wait for the next one, and
   * answers their responses once that is committed.
   */
  async function postTogether(activities: ReturnType<typeof create>[]) {
    let release!: () => void;
    held = new Promise<void>((resolve) => (release = resolve));
    const before = inbox().submittedToCommit;
    const holding = postActivity(instance, bob, create(bob, HOLD));
    await expect.poll(() => inbox().submittedToCommit - before, { timeout: 10_000 }).toBe(1);
    const posted = activities.map((activity) => postActivity(instance, bob, activity));
    await expect.poll(() => inbox().submittedToCommit - before, { timeout: 10_000 }).toBe(activities.length + 1);
    release();
    expect((await holding).statusCode).toBe(202);
    return Promise.all(posted);
  }

  it('a lone activity goes to on.Create', async () => {
    calls.length = 0;
    const activity = create(bob, 'alone');
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(202);
    expect(calls).toEqual([{ via: 'on', ids: [activity.object.id], inTransaction: true, content: 'alone' }]);
  });

  it('activities arriving together reach onMany.Create in one call, each exactly once, in the transaction', async () => {
    calls.length = 0;
    const activities = Array.from({ length: 24 }, (_, n) => create(bob, `together ${n}`));
    const responses = await postTogether(activities);
    expect(responses.map((response) => response.statusCode)).toEqual(activities.map(() => 202));
    // Those that waited together went in batches; how they were cut depends on the database's
    // connections and on timing, and a batch of one goes to on.Create. Each is handled exactly once.
    const handled = calls.filter((call) => call.content !== HOLD).flatMap((call) => call.ids);
    expect(handled.sort()).toEqual(activities.map((activity) => activity.object.id).sort());
    const batched = calls.filter((call) => call.via === 'onMany');
    expect(batched.flatMap((call) => call.ids).length).toBeGreaterThanOrEqual(activities.length / 2);
    expect(batched.every((call) => call.ids.length > 1)).toBe(true);
    expect(calls.every((call) => call.inTransaction)).toBe(true);
  });

  it('a failing onMany costs nothing: the batch is rolled back and each activity is retried alone with on.Create', async () => {
    calls.length = 0;
    const activities = Array.from({ length: 24 }, (_, n) => create(bob, n === 17 ? POISON : `retried ${n}`));
    const responses = await postTogether(activities);
    expect(responses.map((response) => response.statusCode)).toEqual(activities.map(() => 202));
    // The batch with the bad row recorded nothing; its activities then went through on.Create, once each.
    const created = calls.filter((call) => call.content !== HOLD).flatMap((call) => call.ids);
    expect(created.sort()).toEqual(activities.map((activity) => activity.object.id).sort());
    const poisoned = activities[17]!.object.id;
    expect(calls.find((call) => call.ids.includes(poisoned))).toMatchObject({ via: 'on', content: POISON });
    expect(calls.filter((call) => call.via === 'on' && call.content !== HOLD).length).toBeGreaterThan(1);
    // Each activity's dedupe row is there once: a replay now is answered as one.
    const seen = await instance.running.database.db
      .selectFrom('core_inbox_seen')
      .select('activity_uri')
      .where('activity_uri', 'in', activities.map((activity) => activity.id))
      .execute();
    expect(seen).toHaveLength(activities.length);
  });
});
