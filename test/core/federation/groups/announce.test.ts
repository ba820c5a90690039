import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, note, type Harness } from '../delivery/harness.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

describe('groups (FEP-1b12)', () => {
  let h: Harness;
  let group: { id: string; uri: string };
  beforeEach(async () => {
    h = await createHarness();
    const owner = await h.db.selectFrom('core_actors').select('account_id').where('id', '=', h.alice.actorId).executeTakeFirstOrThrow();
    const created = await h.instance.running.accounts.actors.createLocal({ type: 'Group', username: 'commons', ownerAccountId: owner.account_id as string });
    group = { id: created.id, uri: created.uri };
  });
  afterEach(() => h.close());

  it('announces an activity and its bare object to the group’s followers', async () => {
    const a = await h.sink();
    const b = await h.sink();
    await h.remoteActor({ host: `a.example:${a.port}`, name: 'ann', followsActorId: group.id });
    await h.remoteActor({ host: `a.example:${a.port}`, name: 'amy', followsActorId: group.id });
    await h.remoteActor({ host: `b.example:${b.port}`, name: 'bea', followsActorId: group.id });
    const author = 'https://remote.example/users/rita';
    const create = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: 'https://remote.example/activities/1',
      type: 'Create',
      actor: author,
      to: [group.uri, PUBLIC],
      object: { id: 'https://remote.example/notes/1', type: 'Note', attributedTo: author, content: 'hi group', to: [group.uri, PUBLIC] },
    };
    const result = await h.db.transaction().execute((tx) => h.publisher.announceToGroupFollowers(group.id, create, { tx }));
    expect(result.object).not.toBeNull();
    await h.drain();

    const followers = `${group.uri}/followers`;
    for (const sink of [a, b]) {
      expect(sink.requests).toHaveLength(2);
      const bodies = sink.requests.map((request) => JSON.parse(request.body));
      expect(sink.requests.every((request) => request.verified.ok && request.verified.keyId === `${group.uri}#main-key`)).toBe(true);
      const wrapped = bodies.find((body) => typeof body.object === 'object');
      const bare = bodies.find((body) => typeof body.object === 'string');
      expect(wrapped).toMatchObject({ type: 'Announce', actor: group.uri, to: [PUBLIC], cc: [followers], object: { id: create.id, type: 'Create', actor: author } });
      expect(wrapped.object['@context']).toBeUndefined();
      expect(bare).toMatchObject({ type: 'Announce', actor: group.uri, to: [PUBLIC], cc: [followers], object: create.object.id });
    }
  });

  it('addresses a non-public activity to the followers only, and announces only the wrapper for a non-Create', async () => {
    const a = await h.sink();
    await h.remoteActor({ host: `a.example:${a.port}`, name: 'ann', followsActorId: group.id });
    const like = { id: 'https://remote.example/likes/1', type: 'Like', actor: 'https://remote.example/users/rita', object: 'https://remote.example/notes/1', to: [group.uri] };
    const result = await h.db.transaction().execute((tx) => h.publisher.announceToGroupFollowers(group.id, like, { tx }));
    expect(result.object).toBeNull();
    await h.drain();
    expect(a.requests).toHaveLength(1);
    expect(JSON.parse(a.requests[0]!.body)).toMatchObject({ type: 'Announce', to: [`${group.uri}/followers`], object: { id: like.id } });
  });

  it('relays what a local actor publishes to a local group', async () => {
    const a = await h.sink();
    await h.remoteActor({ host: `a.example:${a.port}`, name: 'ann', followsActorId: group.id });
    const { activity } = await h.db.transaction().execute((tx) =>
      h.publisher.publishActivity(note(h.alice.uri), { kind: 'group', groupId: group.id }, { tx, actorId: h.alice.actorId }),
    );
    await h.drain();
    const bodies = a.requests.map((request) => JSON.parse(request.body));
    expect(bodies.map((body) => body.type)).toEqual(['Announce', 'Announce']);
    expect(bodies.find((body) => typeof body.object === 'object').object.id).toBe(activity.id);
  });
});
