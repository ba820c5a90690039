import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, dropActivity } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from '../inbox/helpers.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** Keeps Notes and Likes, but drops those from `stranger` (as a community that approves its members does). */
const kept: string[] = [];
const membersOnly = definePlugin({
  id: 'members-only-notes',
  version: '1.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        on: {
          Create: async (activity, note) => {
            if (String(activity.actor).endsWith('/stranger')) return dropActivity('not a member of the group');
            kept.push(String(note.id));
          },
          Like: async (activity) => {
            if (String(activity.actor).endsWith('/stranger')) return dropActivity('not a member of the group');
            kept.push(String(activity.id));
          },
        },
      },
    ],
  },
});

describe('a local group relays only what the plugin’s handler kept (FEP-1b12)', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let member: RemoteActor;
  let stranger: RemoteActor;
  let group: { id: string; uri: string };

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [membersOnly] }));
    server = await startRemoteServer();
    member = remoteActor(server, 'member');
    stranger = remoteActor(server, 'stranger');
    const owner = await instance.signUp('owner');
    const row = await instance.running.database.db.selectFrom('core_actors').select(['account_id']).where('id', '=', owner.actorId).executeTakeFirstOrThrow();
    const created = await instance.running.accounts.actors.createLocal({ type: 'Group', username: 'commons', ownerAccountId: row.account_id as string });
    group = { id: created.id, uri: created.uri };
  }, 300_000);
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const relayed = async () =>
    (await instance.running.database.db.selectFrom('core_outbox').select(['activity']).where('actor_id', '=', group.id).orderBy('created_at').execute()).map(
      (row) => (typeof row.activity === 'string' ? JSON.parse(row.activity) : row.activity) as { type: string; object: string | { id: string } },
    );
  const relayedIds = async () => (await relayed()).map((announce) => (typeof announce.object === 'string' ? announce.object : announce.object.id));
  const createNote = (author: RemoteActor) => {
    const noteId = activityId(author, 'notes');
    return { '@context': AS_CONTEXT, id: `${noteId}/activity`, type: 'Create', actor: author.id, to: [group.uri, PUBLIC], object: { id: noteId, type: 'Note', attributedTo: author.id, content: '<p>hello group</p>', to: [group.uri, PUBLIC] } };
  };
  const like = (author: RemoteActor, objectId: string) => ({ '@context': AS_CONTEXT, id: activityId(author), type: 'Like', actor: author.id, object: { id: objectId, type: 'Note' }, cc: [group.uri] });

  it('does not relay a Create or a Like the handler dropped, and answers 202', async () => {
    const note = createNote(stranger);
    expect((await postActivity(instance, stranger, note)).statusCode).toBe(202);
    expect((await postActivity(instance, stranger, like(stranger, `${server.origin}/notes/1`))).statusCode).toBe(202);
    expect(kept).toEqual([]);
    expect(await relayed()).toEqual([]);
  });

  it('still relays a Create and a Like the handler kept', async () => {
    const note = createNote(member);
    const liked = like(member, note.object.id);
    expect((await postActivity(instance, member, note)).statusCode).toBe(202);
    expect((await postActivity(instance, member, liked)).statusCode).toBe(202);
    expect(kept).toEqual([note.object.id, liked.id]);
    expect(await relayedIds()).toEqual([note.id, note.object.id, liked.id]);
  });
});
