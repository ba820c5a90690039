import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, PUBLIC_URL, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteServer } from './helpers.js';

const NUL = '\u0000';
const received: ActivityPubObject[] = [];
const notes = definePlugin({
  id: 'note-keeper',
  version: '1.0.0',
  federation: { objects: [{ types: ['Note'], on: { Create: async (_activity, object) => void received.push(object) } }] },
});

describe('control characters in what other servers send', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [notes] }));
    server = await startRemoteServer();
    await instance.signUp('alice');
  });
  afterAll(async () => {
    await instance?.close();
    await server?.close();
  });

  it('an actor whose profile has a NUL can follow: the NUL is removed, not stored, and the inbox answers 202', async () => {
    const mallory = remoteActor(server, 'mallory');
    mallory.document = { ...mallory.document, name: `Mal${NUL}lory`, summary: `<p>bad${NUL}\u0007</p>` };
    server.serve('/users/mallory', mallory.document);
    const follow = { '@context': AS_CONTEXT, id: activityId(mallory), type: 'Follow', actor: mallory.id, object: `${PUBLIC_URL}/actors/alice` };
    const response = await postActivity(instance, mallory, follow, '/actors/alice/inbox');
    expect(response.statusCode, response.body).toBe(202);
    const stored = await instance.running.database.db.selectFrom('core_actors').select(['display_name', 'summary']).where('uri', '=', mallory.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ display_name: 'Mallory', summary: '<p>bad</p>' });
  });

  it('a Note with a NUL reaches its plugin without it', async () => {
    const bob = remoteActor(server, 'bob');
    const note = { id: `${server.origin}/notes/nul`, type: 'Note', content: `<p>hel${NUL}lo\ttab</p>`, attributedTo: bob.id, to: [`${PUBLIC_URL}/actors/alice`] };
    const response = await postActivity(instance, bob, { '@context': AS_CONTEXT, id: activityId(bob), type: 'Create', actor: bob.id, object: note });
    expect(response.statusCode, response.body).toBe(202);
    expect(received.at(-1)).toMatchObject({ id: note.id, content: '<p>hello\ttab</p>' });
  });

  it('a WebFinger look-up or a route’s query with a control character is refused with 400 naming the parameter', async () => {
    const finger = await instance.inject(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:ali${NUL}ce@localhost.test`)}`);
    expect(finger.statusCode).toBe(400);
    expect(finger.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query.resource' });
    const actor = await instance.inject({ url: '/actors/ali%00ce', headers: { accept: 'application/activity+json' } });
    expect(actor.statusCode).toBe(400);
    expect(actor.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
