import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from '../inbox/helpers.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** Records what reaches a plugin's Note handler, by verb. */
const handled: Array<{ verb: string; actor: unknown; objectId: unknown; content?: unknown }> = [];
const recorder = definePlugin({
  id: 'relay-recorder',
  version: '0.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        on: {
          Create: async (activity: ActivityPubObject, object: ActivityPubObject) => void handled.push({ verb: 'Create', actor: activity.actor, objectId: object.id }),
          Update: async (activity: ActivityPubObject, object: ActivityPubObject) => void handled.push({ verb: 'Update', actor: activity.actor, objectId: object.id }),
          Announce: async (activity: ActivityPubObject, object: ActivityPubObject) =>
            void handled.push({ verb: 'Announce', actor: activity.actor, objectId: object.id, content: object.content }),
        },
      },
    ],
  },
});

describe('a remote group’s Announce of an activity (FEP-1b12, follower side)', () => {
  let instance: CoreTestInstance;
  let home: RemoteServer;
  let elsewhere: RemoteServer;
  let club: RemoteActor;
  let rita: RemoteActor;
  let mallory: RemoteActor;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [recorder] }));
    home = await startRemoteServer();
    elsewhere = await startRemoteServer();
    club = remoteActor(home, 'club');
    rita = remoteActor(home, 'rita');
    mallory = remoteActor(elsewhere, 'mallory');
  });
  afterAll(async () => {
    await instance?.close();
    await home?.close();
    await elsewhere?.close();
  });

  const announce = (inner: Record<string, unknown>) => ({ '@context': AS_CONTEXT, id: activityId(club), type: 'Announce', actor: club.id, to: [PUBLIC], object: inner });
  const note = (server: RemoteServer, author: RemoteActor) => ({ id: `${server.origin}/notes/${Math.random().toString(36).slice(2)}`, type: 'Note', attributedTo: author.id, content: 'hi', to: [PUBLIC] });

  it('handles an inner Create or Update by an actor on the group’s own host as if that actor sent it', async () => {
    const created = note(home, rita);
    const create = { id: activityId(rita), type: 'Create', actor: rita.id, to: [PUBLIC], object: created };
    expect((await postActivity(instance, club, announce(create))).statusCode).toBe(202);
    const update = { id: activityId(rita), type: 'Update', actor: rita.id, to: [PUBLIC], object: { ...created, content: 'edited' } };
    expect((await postActivity(instance, club, announce(update))).statusCode).toBe(202);
    expect(handled).toEqual([
      { verb: 'Create', actor: rita.id, objectId: created.id },
      { verb: 'Update', actor: rita.id, objectId: created.id },
    ]);
  });

  it('does not take the group’s word for an actor on another host, nor for an object of another origin', async () => {
    handled.length = 0;
    // mallory's activity is not the group's to vouch for: core asks its origin, which does not serve it.
    const forged = { id: `${elsewhere.origin}/activities/1`, type: 'Update', actor: mallory.id, to: [PUBLIC], object: { ...note(elsewhere, mallory), content: 'forged' } };
    expect((await postActivity(instance, club, announce(forged))).statusCode).toBe(202);
    // rita's host may not speak for an object on another host: the inner origin check refuses it.
    const foreign = { id: activityId(rita), type: 'Create', actor: rita.id, to: [PUBLIC], object: note(elsewhere, mallory) };
    expect((await postActivity(instance, club, announce(foreign))).statusCode).toBe(400);
    expect(handled).toEqual([]);
  });

  it('takes an embedded object the announcer is credited with only when it lives on the announcer’s host', async () => {
    handled.length = 0;
    const own = { ...note(home, club), content: 'our own' };
    expect((await postActivity(instance, club, announce(own))).statusCode).toBe(202);
    // Credited to the club but on another host: only that host says what it is, and it does not serve it.
    const claimed = { ...note(elsewhere, club), content: 'rewritten' };
    expect((await postActivity(instance, club, announce(claimed))).statusCode).toBe(202);
    expect(handled).toEqual([{ verb: 'Announce', actor: club.id, objectId: own.id, content: 'our own' }]);
  });
});
