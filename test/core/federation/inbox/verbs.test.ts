import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ActivityPubObject } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { signRequest } from '../../../../core/src/federation/signatures/index.js';
import { AS_CONTEXT, PUBLIC_URL, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from './helpers.js';

/** What the fixture handler was given: the verb and the object's id (and a vote's choice). */
const calls: Array<{ verb: string; id: string | undefined; name?: unknown }> = [];
const record = (verb: string) => async (_activity: ActivityPubObject, object: ActivityPubObject) => {
  calls.push({ verb, id: object.id, ...(object.name !== undefined ? { name: object.name } : {}) });
};

/** Things at /things/:id (its dispatch makes it their storage owner), Proposals offered to us, and a verb of its own. */
const things = definePlugin({
  id: 'things',
  version: '1.0.0',
  // Lifecycle events are queued only for plugins that handle them (one delivery each).
  events: { 'actor.moved': async () => {}, 'actor.deleted': async () => {} },
  federation: {
    verbs: ['Bite'],
    objects: [
      {
        types: ['Question', 'Proposal'],
        dispatch: { path: '/things/:id', load: async () => null },
        on: Object.fromEntries(['Move', 'Add', 'Remove', 'EmojiReact', 'QuoteRequest', 'Offer', 'Accept', 'Reject', 'Vote', 'Bite'].map((verb) => [verb, record(verb)])),
      },
    ],
  },
});

describe('inbox verbs beyond the core ones reach plugin handlers (verb registry)', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let bob: RemoteActor;
  let newBob: RemoteActor;
  let impostor: RemoteActor;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [things] }));
    server = await startRemoteServer();
    bob = remoteActor(server, 'bob');
    newBob = remoteActor(server, 'newbob');
    newBob.document.alsoKnownAs = [bob.id];
    server.serve('/users/newbob', newBob.document);
    impostor = remoteActor(server, 'impostor');
  }, 300_000);
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const send = async (activity: Record<string, unknown>, actor = bob) => {
    const response = await postActivity(instance, actor, { '@context': AS_CONTEXT, id: activityId(actor), actor: actor.id, ...activity });
    expect(response.statusCode, JSON.stringify(activity)).toBe(202);
  };
  const thing = (id: string) => `${PUBLIC_URL}/things/${id}`;
  const lastCall = () => calls[calls.length - 1];

  it('Add, Remove, EmojiReact, QuoteRequest and Move of an object go to on[verb] with the object', async () => {
    await send({ type: 'Add', object: thing('a'), target: `${bob.id}/collections/featured` });
    expect(lastCall()).toEqual({ verb: 'Add', id: thing('a') });
    await send({ type: 'Remove', object: thing('a'), target: `${bob.id}/collections/featured` });
    expect(lastCall()).toEqual({ verb: 'Remove', id: thing('a') });
    await send({ type: 'EmojiReact', object: thing('b'), content: '🔥' });
    expect(lastCall()).toEqual({ verb: 'EmojiReact', id: thing('b') });
    await send({ type: 'QuoteRequest', object: thing('c'), instrument: `${server.origin}/notes/quoting` });
    expect(lastCall()).toEqual({ verb: 'QuoteRequest', id: thing('c') });
    await send({ type: 'Move', object: thing('d'), target: `${bob.id}/collections/other` });
    expect(lastCall()).toEqual({ verb: 'Move', id: thing('d') });
  });

  it('an Offer of an object on the sender’s host comes embedded, as sent', async () => {
    const proposalId = activityId(bob, 'proposals');
    await send({ type: 'Offer', object: { id: proposalId, type: 'Proposal', attributedTo: bob.id, name: 'wool for bread' } });
    expect(lastCall()).toEqual({ verb: 'Offer', id: proposalId, name: 'wool for bread' });
  });

  it('Accept and Reject of something other than a Follow go to on.Accept / on.Reject (a copy of ours, as its id)', async () => {
    await send({ type: 'Accept', object: { id: thing('quote-request'), type: 'QuoteRequest', actor: `${PUBLIC_URL}/actors/alice`, object: `${bob.id}/notes/1` } });
    expect(lastCall()).toEqual({ verb: 'Accept', id: thing('quote-request') });
    await send({ type: 'Reject', object: { id: thing('offer'), type: 'Offer', actor: `${PUBLIC_URL}/actors/alice` } });
    expect(lastCall()).toEqual({ verb: 'Reject', id: thing('offer') });
  });

  it('a poll vote (a Note with a name and no content answering our Question) is a Vote for the Question’s handler', async () => {
    const voteId = activityId(bob, 'notes');
    await send({ type: 'Create', object: { id: voteId, type: 'Note', name: 'Yes', inReplyTo: thing('question'), attributedTo: bob.id, to: [`${PUBLIC_URL}/actors/alice`] } });
    expect(lastCall()).toEqual({ verb: 'Vote', id: voteId, name: 'Yes' });
  });

  it('a verb the plugin declared (federation.verbs) reaches its on[verb]', async () => {
    await send({ type: 'Bite', object: thing('e') });
    expect(lastCall()).toEqual({ verb: 'Bite', id: thing('e') });
  });

  it('a verb nobody takes is ignored, with its reason on the log line', async () => {
    const before = calls.length;
    const body = JSON.stringify({ '@context': AS_CONTEXT, id: activityId(bob), type: 'Wave', actor: bob.id, object: thing('f') });
    const headers = await signRequest(
      { method: 'POST', url: `${PUBLIC_URL}/inbox`, headers: { 'Content-Type': 'application/activity+json' }, body },
      { keyId: bob.keyId, privateKeyPem: bob.keys.privateKeyPem },
    );
    const outcome = await instance.running.container.cradle.federationCore.inbox.receive({
      url: `${PUBLIC_URL}/inbox`,
      headers: Object.entries(headers),
      contentType: 'application/activity+json',
      rawBody: Buffer.from(body),
    });
    expect(outcome).toMatchObject({ status: 202, outcome: 'ignored', reason: 'Wave is not handled here: ignored' });
    expect(calls.length).toBe(before);
  });

  const lifecycleJobs = async () =>
    (await instance.running.database.db.selectFrom('core_jobs').selectAll().where('name', '=', 'core.lifecycle-delivery').execute()).map((row) => {
      const { plugin, ...event } = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
      expect(plugin).toBe('things');
      return event;
    });

  it('Move of an actor whose target names it in alsoKnownAs emits actor.moved; one the target does not name is ignored', async () => {
    await send({ type: 'Move', object: impostor.id, target: newBob.id }, impostor);
    expect(await lifecycleJobs()).not.toContainEqual(expect.objectContaining({ event: 'actor.moved' }));
    await send({ type: 'Move', object: bob.id, target: newBob.id });
    expect(await lifecycleJobs()).toContainEqual({ event: 'actor.moved', payload: { fromUri: bob.id, toUri: newBob.id, local: false } });
    expect(calls.filter((call) => call.id === bob.id)).toEqual([]);
  });

  it('Delete of a remote actor emits actor.deleted', async () => {
    await send({ type: 'Delete', object: impostor.id }, impostor);
    expect(await lifecycleJobs()).toContainEqual({ event: 'actor.deleted', payload: { actorUri: impostor.id, local: false } });
  });
});
