import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@commonplace/sdk/testing';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { REFRESH_EVERY_MS, REFRESH_REMOTE_ACTORS_JOB, remoteActorJobs } from '../../../../core/src/federation/remote-actors/index.js';
import { federationTestInstance, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from '../inbox/helpers.js';

describe('the scheduled refresh of cached remote actors', () => {
  const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let actors: RemoteActor[];

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ clock, settings: { federation: { remoteActorCacheTtlSeconds: 600 } } }));
    server = await startRemoteServer();
    actors = ['ava', 'ben', 'cy', 'dee'].map((name) => remoteActor(server, name));
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const core = () => instance.running.services.federationCore;
  const row = (actor: RemoteActor) =>
    instance.running.database.db.selectFrom('core_actors').select(['display_name', 'fetched_at', 'deleted_at']).where('uri', '=', actor.id).executeTakeFirstOrThrow();
  const run = (limit?: number) =>
    remoteActorJobs(() => core().remoteActors).jobs[REFRESH_REMOTE_ACTORS_JOB]!.handler(limit === undefined ? undefined : { limit }, {} as never);

  it('is registered and scheduled hourly by boot', async () => {
    const schedule = await instance.running.database.db
      .selectFrom('core_job_schedules')
      .selectAll()
      .where('name', '=', `core.${REFRESH_REMOTE_ACTORS_JOB}`)
      .executeTakeFirst();
    expect(schedule).toBeDefined();
    expect(REFRESH_EVERY_MS).toBe(3_600_000);
  });

  it('refetches the actors older than the TTL, oldest first, a bounded batch per run', async () => {
    const [ava, ben, cy, dee] = actors as [RemoteActor, RemoteActor, RemoteActor, RemoteActor];
    for (const actor of [ava, ben, cy]) {
      await core().remoteActors.resolveRemoteActor(actor.id);
      clock.advance(1_000);
    }
    clock.advance(600_000);
    // Fetched now: within the TTL, left alone.
    await core().remoteActors.resolveRemoteActor(dee.id);
    ava.document.name = 'Ava renamed';
    server.serve('/users/ava', ava.document);
    const hitsBefore = actors.map((actor) => server.hits(`/users/${actor.username}`));

    await run(2);
    const hitsAfter = actors.map((actor) => server.hits(`/users/${actor.username}`));
    expect(hitsAfter.map((hits, i) => hits - hitsBefore[i]!)).toEqual([1, 1, 0, 0]);
    expect(await row(ava)).toMatchObject({ display_name: 'Ava renamed', fetched_at: clock.now() });
    expect((await row(ben)).fetched_at).toEqual(clock.now());
    expect((await row(cy)).fetched_at!.getTime()).toBeLessThan(clock.now().getTime() - 600_000);

    await run();
    expect(server.hits('/users/cy')).toBe(hitsAfter[2]! + 1);
    expect(server.hits('/users/dee')).toBe(hitsAfter[3]);
    // Nothing stale is left: another run fetches nothing.
    const total = actors.reduce((sum, actor) => sum + server.hits(`/users/${actor.username}`), 0);
    await run();
    expect(actors.reduce((sum, actor) => sum + server.hits(`/users/${actor.username}`), 0)).toBe(total);
  });

  it('keeps an actor whose host fails, and moves it behind the others', async () => {
    const [, ben] = actors as [RemoteActor, RemoteActor];
    clock.advance(700_000);
    server.serve('/users/ben', 'down', { status: 503, contentType: 'text/plain' });
    await run(1);
    const kept = await row(ben);
    // One run of one: exactly one actor was touched (refetched, or its fetched_at moved on after a failure).
    const refreshed = await Promise.all(actors.map(async (actor) => (await row(actor)).fetched_at!.getTime()));
    expect(refreshed.filter((time) => time === clock.now().getTime())).toHaveLength(1);
    expect(kept.deleted_at).toBeNull();
    await run(10);
    expect((await row(ben))).toMatchObject({ deleted_at: null, display_name: 'ben remote', fetched_at: clock.now() });
  });
});
