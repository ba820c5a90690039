import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createHarness, note, type Harness } from './harness.js';
import { deliverySettingsFrom, fanOut, type FanOutPayload } from '../../../../core/src/federation/delivery/index.js';

describe('fan-out at scale', () => {
  let h: Harness;
  afterEach(() => h?.close());
  const runFanOut = (payload: FanOutPayload) =>
    fanOut(payload, {
      db: h.db,
      clock: h.clock,
      log: pino({ level: 'silent' }),
      publicUrl: 'http://localhost.test',
      settings: deliverySettingsFrom(undefined),
      deliverTimeoutMs: 70_000,
    });

  it('turns 10,000 followers on 500 hosts into 500 delivery jobs quickly', async () => {
    h = await createHarness();
    const now = new Date();
    const actors = [];
    const follows = [];
    for (let i = 0; i < 10_000; i++) {
      const host = `h${i % 500}.example`;
      const id = randomUUID();
      actors.push({
        id,
        type: 'Person',
        username: `u${i}`,
        domain: host,
        uri: `https://${host}/users/u${i}`,
        inbox_url: `https://${host}/users/u${i}/inbox`,
        shared_inbox_url: `https://${host}/inbox`,
        created_at: now,
        updated_at: now,
      });
      follows.push({ id: randomUUID(), follower_id: id, followed_id: h.alice.actorId, state: 'accepted', activity_uri: `https://${host}/f/${i}`, created_at: now });
    }
    for (let i = 0; i < actors.length; i += 1_000) {
      await h.db.insertInto('core_actors').values(actors.slice(i, i + 1_000)).execute();
      await h.db.insertInto('core_follows').values(follows.slice(i, i + 1_000)).execute();
    }
    await h.db.transaction().execute((tx) => h.publisher.publish(note(h.alice.uri), { kind: 'public' }, { tx, actorId: h.alice.actorId }));
    const [job] = await h.jobs('core.federation.fanout');

    const started = performance.now();
    const count = await runFanOut(job!.payload as FanOutPayload);
    const elapsed = performance.now() - started;
    expect(count).toBe(500);
    const deliveries = await h.jobs('core.federation.deliver');
    expect(new Set(deliveries.map((delivery) => delivery.payload.inbox)).size).toBe(500);
    expect(deliveries.every((delivery) => delivery.payload.personal === false)).toBe(true);
    expect(elapsed).toBeLessThan(5_000);

    // Run again (a retried fan-out): the dedupe keys of the waiting jobs keep it from doubling.
    await runFanOut(job!.payload as FanOutPayload);
    expect(await h.jobs('core.federation.deliver')).toHaveLength(500);
  });

  it('sends to a shared inbox once, and to a personal inbox as personal only when nobody shares it', async () => {
    h = await createHarness();
    const now = new Date();
    const follower = (name: string, host: string, inbox: string, shared: string | null) => ({
      id: randomUUID(),
      type: 'Person',
      username: name,
      domain: host,
      uri: `https://${host}/users/${name}`,
      inbox_url: inbox,
      shared_inbox_url: shared,
      created_at: now,
      updated_at: now,
    });
    const actors = [
      // Two followers behind one shared inbox.
      follower('a', 'one.example', 'https://one.example/users/a/inbox', 'https://one.example/inbox'),
      follower('b', 'one.example', 'https://one.example/users/b/inbox', 'https://one.example/inbox'),
      // A server without shared inboxes.
      follower('c', 'two.example', 'https://two.example/users/c/inbox', null),
      // A personal inbox that is also another follower's shared inbox: shared, so a 410 removes nobody.
      follower('d', 'three.example', 'https://three.example/inbox', null),
      follower('e', 'three.example', 'https://three.example/users/e/inbox', 'https://three.example/inbox'),
    ];
    await h.db.insertInto('core_actors').values(actors).execute();
    await h.db
      .insertInto('core_follows')
      .values(actors.map((actor, i) => ({ id: randomUUID(), follower_id: actor.id, followed_id: h.alice.actorId, state: 'accepted', activity_uri: `${actor.uri}/f/${i}`, created_at: now })))
      .execute();
    await h.db.transaction().execute((tx) => h.publisher.publish(note(h.alice.uri), { kind: 'public' }, { tx, actorId: h.alice.actorId }));
    const [job] = await h.jobs('core.federation.fanout');
    await runFanOut(job!.payload as FanOutPayload);
    const deliveries = (await h.jobs('core.federation.deliver')).map((delivery) => delivery.payload as { inbox: string; personal: boolean });
    expect(deliveries.sort((x, y) => x.inbox.localeCompare(y.inbox))).toEqual([
      { outboxId: expect.any(String), inbox: 'https://one.example/inbox', personal: false },
      { outboxId: expect.any(String), inbox: 'https://three.example/inbox', personal: false },
      { outboxId: expect.any(String), inbox: 'https://two.example/users/c/inbox', personal: true },
    ]);
  });
});
