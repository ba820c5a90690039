import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { objectHandlersOf } from '../../../../core/src/federation/inbox/object-handlers.js';
import { AS_CONTEXT, PUBLIC_URL, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from './helpers.js';

/** Which plugin got which verb on which Note. */
const got: Array<{ plugin: string; verb: string; id: string | undefined }> = [];
const keep = (plugin: string, verb: string) => async (_activity: ActivityPubObject, note: ActivityPubObject) => {
  got.push({ plugin, verb, id: note.id });
};

/** A microblog: keeps every Note (said out loud, as a shared type requires). */
const microblog = definePlugin({
  id: 'microblog',
  version: '1.0.0',
  federation: { objects: [{ types: ['Note'], matches: () => true, on: { Create: keep('microblog', 'Create'), Update: keep('microblog', 'Update') } }] },
});

/** A commons: comments answering its resources, and posts into its Group (FEP-1b12). */
const commons = definePlugin({
  id: 'commons',
  version: '1.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        matches: (note) => typeof note.inReplyTo === 'string' && note.inReplyTo.startsWith(`${PUBLIC_URL}/resources/`),
        groupPosts: { owns: async (group) => group.username === 'commons' },
        on: { Create: keep('commons', 'Create'), Update: keep('commons', 'Update') },
      },
    ],
  },
});

describe('one object type, several plugins: every interested handler gets it (fan-out)', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let bob: RemoteActor;
  let group: { uri: string };

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [microblog, commons] }));
    server = await startRemoteServer();
    bob = remoteActor(server, 'bob');
    const owner = await instance.signUp('owner');
    const row = await instance.running.database.db.selectFrom('core_actors').select(['account_id']).where('id', '=', owner.actorId).executeTakeFirstOrThrow();
    group = await instance.running.accounts.actors.createLocal({ type: 'Group', username: 'commons', ownerAccountId: row.account_id as string });
  }, 300_000);
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const create = async (note: Record<string, unknown>, verb = 'Create') => {
    const id = activityId(bob, 'notes');
    const activity = { '@context': AS_CONTEXT, id: `${id}/activity`, type: verb, actor: bob.id, to: ['https://www.w3.org/ns/activitystreams#Public'], object: { id, type: 'Note', attributedTo: bob.id, content: '<p>hi</p>', ...note } };
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(202);
    return { id, receivers: got.filter((entry) => entry.id === id).map((entry) => entry.plugin) };
  };

  it('a Note nobody else wants goes to the microblog alone', async () => {
    expect((await create({})).receivers).toEqual(['microblog']);
  });

  it('a reply to a commons resource goes to both, in boot order', async () => {
    expect((await create({ inReplyTo: `${PUBLIC_URL}/resources/1` })).receivers).toEqual(['microblog', 'commons']);
  });

  it('a Mastodon post mentioning the community’s Group reaches the commons (groupPosts) although the microblog claims every Note', async () => {
    const { receivers } = await create({ cc: [group.uri], tag: [{ type: 'Mention', href: group.uri, name: '@commons' }] });
    expect(receivers).toEqual(['microblog', 'commons']);
  });

  it('a Note that names the Group and answers a resource reaches the commons once', async () => {
    expect((await create({ inReplyTo: `${PUBLIC_URL}/resources/2`, cc: [group.uri] })).receivers).toEqual(['microblog', 'commons']);
  });

  it('boot refuses two plugins sharing a type when one does not say which objects it wants (matches)', () => {
    const greedy = definePlugin({ id: 'greedy', version: '1.0.0', federation: { objects: [{ types: ['Note'], on: { Create: keep('greedy', 'Create') } }] } });
    expect(() => objectHandlersOf([microblog, greedy])).toThrow(/plugins microblog, greedy all handle "Note" objects.*"greedy" does not/);
    expect(objectHandlersOf([microblog, commons])).toHaveLength(2);
  });
});
