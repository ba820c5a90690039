import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createHarness, note, type Harness } from './harness.js';
import { deliverySettingsFrom, fanOut, type FanOutPayload } from '../../../../core/src/federation/delivery/index.js';

describe('fan-out at scale', () => {
  let h: Harness;
  afterEach(() => h?.close());

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
    const count = await fanOut(job!.payload as FanOutPayload, {
      db: h.db,
      clock: h.clock,
      log: pino({ level: 'silent' }),
      publicUrl: 'http://localhost.test',
      settings: deliverySettingsFrom(undefined),
      deliverTimeoutMs: 70_000,
    });
    const elapsed = performance.now() - started;
    expect(count).toBe(500);
    const deliveries = await h.jobs('core.federation.deliver');
    expect(new Set(deliveries.map((delivery) => delivery.payload.inbox)).size).toBe(500);
    expect(deliveries.every((delivery) => delivery.payload.personal === false)).toBe(true);
    expect(elapsed).toBeLessThan(5_000);

    // Run again (a retried fan-out): the dedupe keys of the waiting jobs keep it from doubling.
    await fanOut(job!.payload as FanOutPayload, {
      db: h.db,
      clock: h.clock,
      log: pino({ level: 'silent' }),
      publicUrl: 'http://localhost.test',
      settings: deliverySettingsFrom(undefined),
      deliverTimeoutMs: 70_000,
    });
    expect(await h.jobs('core.federation.deliver')).toHaveLength(500);
  });
});
