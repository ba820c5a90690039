import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@commonplace/sdk/testing';
import type { Audience } from '@commonplace/sdk';
import { createHarness, note, type Harness } from './harness.js';
import { DEFAULT_DELIVERY_SETTINGS, HostLimiter } from '../../../../core/src/federation/delivery/index.js';

const BACKOFF = DEFAULT_DELIVERY_SETTINGS.deliveryBackoffMs;

describe('delivery', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const publish = (audience: Audience = { kind: 'public' }) =>
    h.db.transaction().execute((tx) => h.publisher.publishActivity(note(h.alice.uri), audience, { tx, actorId: h.alice.actorId }));

  it('sends each host one signed request through its shared inbox, with a valid Digest and the stored body', async () => {
    h = await createHarness();
    const a = await h.sink();
    const b = await h.sink();
    for (const name of ['ann', 'amy', 'abe']) await h.remoteActor({ host: `a.example:${a.port}`, name, followsActorId: h.alice.actorId });
    await h.remoteActor({ host: `b.example:${b.port}`, name: 'bea', followsActorId: h.alice.actorId });
    await h.remoteActor({ host: `b.example:${b.port}`, name: 'pending', followsActorId: h.alice.actorId, state: 'pending' });
    const { activity, outboxId } = await publish();
    await h.drain();

    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
    const stored = await h.db.selectFrom('core_outbox').select('activity').where('id', '=', outboxId).executeTakeFirstOrThrow();
    for (const [sink, host] of [[a, `a.example:${a.port}`], [b, `b.example:${b.port}`]] as const) {
      const [request] = sink.requests;
      expect(request!.path).toBe('/inbox');
      expect(request!.host).toBe(host);
      expect(request!.verified).toMatchObject({ ok: true, keyId: `${h.alice.uri}#main-key`, scheme: 'draft-cavage' });
      expect(request!.headers['content-type']).toBe('application/activity+json');
      expect(request!.headers.digest).toMatch(/^SHA-256=/);
      expect(String(request!.headers.signature)).toContain('headers="(request-target) host date digest content-type"');
      expect(JSON.parse(request!.body)).toEqual(stored.activity);
      expect(JSON.parse(request!.body).id).toBe(activity.id);
    }
    expect(a.requests[0]!.body).toBe(b.requests[0]!.body);
    const deliveries = await h.jobs('core.federation.deliver');
    expect(deliveries.map((job) => job.dedupe_key).sort()).toEqual(
      [`${activity.id}|http://a.example:${a.port}/inbox`, `${activity.id}|http://b.example:${b.port}/inbox`].sort(),
    );
    expect(deliveries.every((job) => job.state === 'completed')).toBe(true);
  });

  it('sends a direct activity only to the listed actor, at its own inbox when it has no shared one', async () => {
    h = await createHarness();
    const followersHost = await h.sink();
    const bobHost = await h.sink();
    await h.remoteActor({ host: `a.example:${followersHost.port}`, name: 'ann', followsActorId: h.alice.actorId });
    const bob = await h.remoteActor({ host: `c.example:${bobHost.port}`, name: 'bob', shared: false });
    await publish({ kind: 'direct', to: [bob.uri] });
    await h.drain();
    expect(followersHost.requests).toHaveLength(0);
    expect(bobHost.requests.map((request) => request.path)).toEqual(['/users/bob/inbox']);
    expect(JSON.parse(bobHost.requests[0]!.body).to).toEqual([bob.uri]);
  });

  it('retries a 500 with exponential backoff, then delivers and clears the host’s failures', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock });
    let calls = 0;
    const sink = await h.sink(() => (++calls === 1 ? 500 : 202));
    await h.remoteActor({ host: `a.example:${sink.port}`, name: 'ann', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sink.requests).toHaveLength(1);
    const [job] = await h.jobs('core.federation.deliver');
    expect(job).toMatchObject({ state: 'pending', attempts: 1 });
    expect(new Date(job!.run_at).getTime()).toBe(clock.now().getTime() + BACKOFF);
    const host = await h.db.selectFrom('core_delivery_hosts').selectAll().executeTakeFirstOrThrow();
    expect(host).toMatchObject({ host: `a.example:${sink.port}`, consecutive_failures: 1, paused_until: null });

    clock.advance(BACKOFF - 1_000);
    await h.drain();
    expect(sink.requests).toHaveLength(1);
    clock.advance(1_000);
    await h.drain();
    expect(sink.requests).toHaveLength(2);
    expect(sink.requests[1]!.verified.ok).toBe(true);
    expect((await h.jobs('core.federation.deliver'))[0]).toMatchObject({ state: 'completed', attempts: 2 });
    expect(await h.db.selectFrom('core_delivery_hosts').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      consecutive_failures: 0,
      failing_since: null,
    });
  });

  it('removes the follow when a personal inbox answers 410 Gone, without retrying', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock });
    const sink = await h.sink(() => 410);
    const gone = await h.remoteActor({ host: `a.example:${sink.port}`, name: 'gone', shared: false, followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sink.requests.map((request) => request.path)).toEqual(['/users/gone/inbox']);
    expect(await h.db.selectFrom('core_follows').selectAll().where('follower_id', '=', gone.id).execute()).toEqual([]);
    expect((await h.jobs('core.federation.deliver'))[0]).toMatchObject({ state: 'completed', attempts: 1 });
  });

  it('gives up on a 400 without retrying', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock });
    const sink = await h.sink(() => 400);
    await h.remoteActor({ host: `a.example:${sink.port}`, name: 'ann', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    clock.advance(3 * 86_400_000);
    await h.drain();
    expect(sink.requests).toHaveLength(1);
    expect((await h.jobs('core.federation.deliver'))[0]).toMatchObject({ state: 'completed', attempts: 1 });
    expect(await h.db.selectFrom('core_delivery_hosts').selectAll().execute()).toEqual([]);
  });

  it('does not contact a paused host until its pause ends, and a success then clears the pause', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock });
    const sink = await h.sink();
    const host = `a.example:${sink.port}`;
    await h.remoteActor({ host, name: 'ann', followsActorId: h.alice.actorId });
    const pausedUntil = new Date(clock.now().getTime() + 3_600_000);
    await h.db
      .insertInto('core_delivery_hosts')
      .values({ host, failing_since: new Date(clock.now().getTime() - 2 * 86_400_000), consecutive_failures: 9, paused_until: pausedUntil })
      .execute();
    await publish();
    await h.drain();
    expect(sink.requests).toHaveLength(0);
    const waiting = (await h.jobs('core.federation.deliver')).filter((job) => job.state === 'pending');
    expect(waiting).toHaveLength(1);
    expect(new Date(waiting[0]!.run_at).getTime()).toBe(pausedUntil.getTime());
    expect(waiting[0]!.payload.generation).toBe(1);

    clock.advance(3_599_000);
    await h.drain();
    expect(sink.requests).toHaveLength(0);
    clock.advance(1_000);
    await h.drain();
    expect(sink.requests).toHaveLength(1);
    expect(await h.db.selectFrom('core_delivery_hosts').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      consecutive_failures: 0,
      failing_since: null,
      paused_until: null,
    });
  });

  it('pauses a host that has been failing for longer than the threshold', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock });
    const sink = await h.sink(() => 503);
    const host = `a.example:${sink.port}`;
    await h.remoteActor({ host, name: 'ann', followsActorId: h.alice.actorId });
    await h.db
      .insertInto('core_delivery_hosts')
      .values({ host, failing_since: new Date(clock.now().getTime() - DEFAULT_DELIVERY_SETTINGS.deliveryPauseAfterMs - 1), consecutive_failures: 30, paused_until: null })
      .execute();
    await publish();
    await h.drain();
    expect(sink.requests).toHaveLength(1);
    const row = await h.db.selectFrom('core_delivery_hosts').selectAll().executeTakeFirstOrThrow();
    expect(row.consecutive_failures).toBe(31);
    expect(new Date(row.paused_until).getTime()).toBe(clock.now().getTime() + DEFAULT_DELIVERY_SETTINGS.deliveryPauseMs);
    // The retry after the backoff finds the host paused and waits for the pause's end instead of calling.
    clock.advance(BACKOFF);
    await h.drain();
    expect(sink.requests).toHaveLength(1);
  });

  it('never contacts a host under a domain block', async () => {
    h = await createHarness();
    const a = await h.sink();
    const b = await h.sink();
    await h.remoteActor({ host: `a.example:${a.port}`, name: 'ann', followsActorId: h.alice.actorId });
    await h.remoteActor({ host: `b.example:${b.port}`, name: 'bea', followsActorId: h.alice.actorId });
    await h.remoteActor({ host: `sub.b.example:${b.port}`, name: 'sub', followsActorId: h.alice.actorId });
    await h.db.insertInto('core_domain_blocks').values({ domain: 'b.example', severity: 'reject', reason: 'spam', created_at: new Date() }).execute();
    await h.db.insertInto('core_domain_blocks').values({ domain: 'a-silenced.example', severity: 'silence', reason: null, created_at: new Date() }).execute();
    await publish();
    await h.drain();
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
    expect((await h.jobs('core.federation.deliver')).map((job) => job.payload.inbox)).toEqual([`http://a.example:${a.port}/inbox`]);
  });

  it('limits requests in flight per host', async () => {
    const clock = new ManualClock();
    h = await createHarness({ clock, overrides: { deliveryConcurrencyPerHost: 1 } });
    let inFlight = 0;
    let most = 0;
    const sink = await h.sink(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight--;
      return 202;
    });
    await h.remoteActor({ host: `a.example:${sink.port}`, name: 'ann', followsActorId: h.alice.actorId });
    await publish();
    await publish();
    await publish();
    await h.drain();
    const deliveries = await h.jobs('core.federation.deliver');
    const delivered = sink.requests.length;
    const waiting = deliveries.filter((job) => job.state === 'pending');
    // The three ran together; one got the host, the others were put back for a moment.
    expect(delivered + waiting.length).toBe(3);
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(waiting.every((job) => job.payload.generation === 1)).toBe(true);
    clock.advance(2_000);
    await h.drain();
    clock.advance(2_000);
    await h.drain();
    clock.advance(2_000);
    await h.drain();
    expect(sink.requests).toHaveLength(3);
    expect(most).toBe(1);
  });

  it('HostLimiter admits up to its limit per host', () => {
    const limiter = new HostLimiter(2);
    const first = limiter.tryAcquire('a');
    const second = limiter.tryAcquire('a');
    expect(limiter.tryAcquire('a')).toBeNull();
    expect(limiter.tryAcquire('b')).not.toBeNull();
    first!();
    first!();
    expect(limiter.inFlight('a')).toBe(1);
    expect(limiter.tryAcquire('a')).not.toBeNull();
    second!();
  });
});
