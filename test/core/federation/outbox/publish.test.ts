import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, note, type Harness } from '../delivery/harness.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

describe('federation.publish', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('leaves no outbox row and no job when the caller’s transaction rolls back', async () => {
    await expect(
      h.db.transaction().execute(async (tx) => {
        await h.publisher.publish(note(h.alice.uri), { kind: 'public' }, { tx, actorId: h.alice.actorId });
        throw new Error('the plugin’s write failed');
      }),
    ).rejects.toThrow('the plugin’s write failed');
    expect(await h.db.selectFrom('core_outbox').selectAll().execute()).toEqual([]);
    expect(await h.jobs()).toEqual([]);
  });

  it('stores the activity with its id, actor, addressing, context and date, and one fan-out job, in the same transaction', async () => {
    const published = await h.db.transaction().execute((tx) =>
      h.publisher.publishActivity(note(h.alice.uri), { kind: 'public' }, { tx, actorId: h.alice.actorId }),
    );
    const { activity } = published;
    expect(activity.id).toBe(`${h.alice.uri}/activities/${published.outboxId}`);
    expect(activity).toMatchObject({
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      type: 'Create',
      actor: h.alice.uri,
      to: [PUBLIC],
      cc: [`${h.alice.uri}/followers`],
      // The Note gets the activity's addressing, which Mastodon reads visibility from.
      object: { type: 'Note', to: [PUBLIC], cc: [`${h.alice.uri}/followers`] },
    });
    expect(typeof activity.published).toBe('string');
    const rows = await h.db.selectFrom('core_outbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ activity_uri: activity.id, public: true, actor_id: h.alice.actorId });
    const jobs = await h.jobs();
    expect(jobs.map((job) => job.name)).toEqual(['core.federation.fanout']);
  });

  it('addresses unlisted, followers-only, group and direct audiences', async () => {
    const bob = await h.remoteActor({ host: 'b.example', name: 'bob' });
    const followers = `${h.alice.uri}/followers`;
    const publish = (audience: Parameters<Harness['publisher']['publish']>[1]) =>
      h.db.transaction().execute((tx) => h.publisher.publishActivity(note(h.alice.uri), audience, { tx, actorId: h.alice.actorId }));
    expect((await publish({ kind: 'unlisted' })).activity).toMatchObject({ to: [followers], cc: [PUBLIC] });
    const followersOnly = (await publish({ kind: 'followers', of: h.alice.actorId })).activity;
    expect(followersOnly.to).toEqual([followers]);
    expect(followersOnly.cc).toBeUndefined();
    const direct = (await publish({ kind: 'direct', to: [bob.uri] })).activity;
    expect(direct.to).toEqual([bob.uri]);
    expect(direct.cc).toBeUndefined();
    const group = await h.remoteActor({ host: 'g.example', name: 'group' });
    expect((await publish({ kind: 'group', groupId: group.id })).activity).toMatchObject({ to: [group.uri], cc: [`${group.uri}/followers`] });
    const publicFlags = await h.db.selectFrom('core_outbox').select(['public']).orderBy('created_at').execute();
    expect(publicFlags.map((row) => row.public).sort()).toEqual([false, false, false, true]);
  });

  it('refuses an activity whose actor is somebody else', async () => {
    await expect(
      h.db.transaction().execute((tx) =>
        h.publisher.publish({ type: 'Like', actor: 'https://elsewhere.example/users/mallory', object: 'https://x.example/1' }, { kind: 'public' }, { tx, actorId: h.alice.actorId }),
      ),
    ).rejects.toThrow(/not the publishing actor/);
  });
});
