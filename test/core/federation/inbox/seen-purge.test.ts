import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { definePlugin } from '@commonplace/sdk';
import { ManualClock } from '@commonplace/sdk/testing';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { signRequest } from '../../../../core/src/federation/signatures/index.js';
import {
  inboxSeenJobs,
  inboxSeenRetentionMs,
  PURGE_INBOX_SEEN_BATCH,
  PURGE_INBOX_SEEN_EVERY_MS,
  PURGE_INBOX_SEEN_JOB,
} from '../../../../core/src/federation/inbox/seen-purge.js';
import { AS_CONTEXT, PUBLIC_URL, activityId, federationTestInstance, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from './helpers.js';

let created = 0;
const notes = definePlugin({
  id: 'notes',
  version: '1.0.0',
  federation: { objects: [{ types: ['Note'], on: { Create: async () => void (created += 1) } }] },
});

describe('the purge of the inbox dedupe table (core_inbox_seen)', () => {
  const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let bob: RemoteActor;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ clock, plugins: [notes] }));
    server = await startRemoteServer();
    bob = remoteActor(server, 'bob');
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const db = () => instance.running.database.db;
  const settings = () => instance.running.settings.federation;
  const purge = () => inboxSeenJobs({ db: db(), clock, settings: instance.running.settings, log: instance.running.services.log }).jobs[PURGE_INBOX_SEEN_JOB]!.handler(undefined, {} as never);
  const seen = async (uri: string) => (await db().selectFrom('core_inbox_seen').select('activity_uri').where('activity_uri', '=', uri).executeTakeFirst()) !== undefined;

  it('is registered and scheduled by boot', async () => {
    const schedule = await db().selectFrom('core_job_schedules').selectAll().where('name', '=', `core.${PURGE_INBOX_SEEN_JOB}`).executeTakeFirst();
    expect(Number(schedule?.every_ms)).toBe(PURGE_INBOX_SEEN_EVERY_MS);
  });

  it('keeps rows for the signature window (largest age plus allowed skew) and a margin', () => {
    const window = settings().signatureMaxAgeSeconds + settings().signatureMaxSkewSeconds;
    expect(inboxSeenRetentionMs(settings())).toBeGreaterThan(window * 1000);
  });

  it('deletes the rows past the window, more than one batch of them, and keeps those inside it', async () => {
    const now = clock.now().getTime();
    const retention = inboxSeenRetentionMs(settings());
    const old = Array.from({ length: PURGE_INBOX_SEEN_BATCH + 5 }, (_, i) => `https://remote.example/old/${i}`);
    await sql`insert into core_inbox_seen (activity_uri, received_at)
      select uri, ${new Date(now - retention - 60_000)}::timestamptz from unnest(${old}::text[]) as ids (uri)`.execute(db());
    const inside = ['https://remote.example/inside/edge', 'https://remote.example/inside/new'];
    await db()
      .insertInto('core_inbox_seen')
      .values([
        { activity_uri: inside[0]!, received_at: new Date(now - retention + 60_000) },
        { activity_uri: inside[1]!, received_at: new Date(now) },
      ])
      .execute();

    await purge();
    const left = await db().selectFrom('core_inbox_seen').select('activity_uri').where('activity_uri', 'like', 'https://remote.example/%').execute();
    expect(left.map((row) => row.activity_uri).sort()).toEqual(inside);
  });

  it('still refuses a replay whose signature is still accepted after a purge; once purged, the stale signature refuses it', async () => {
    const activity = {
      '@context': AS_CONTEXT,
      id: activityId(bob),
      type: 'Create',
      actor: bob.id,
      object: { id: `${server.origin}/notes/${created}`, type: 'Note', attributedTo: bob.id, content: 'once' },
    };
    const body = JSON.stringify(activity);
    // One signed request, captured, as an eavesdropper or a confused relay would send it again.
    const headers = await signRequest(
      { method: 'POST', url: `${PUBLIC_URL}/inbox`, headers: { 'Content-Type': 'application/activity+json' }, body },
      { keyId: bob.keyId, privateKeyPem: bob.keys.privateKeyPem, clock },
    );
    const send = () => instance.inject({ method: 'POST', url: '/inbox', headers, payload: body });
    const before = created;
    expect((await send()).statusCode).toBe(202);
    expect(created).toBe(before + 1);

    // Just inside the signature's life: the purge keeps its row, and the replay is a no-op.
    clock.advance(settings().signatureMaxAgeSeconds * 1000 - 60_000);
    await purge();
    expect(await seen(activity.id)).toBe(true);
    expect((await send()).statusCode).toBe(202);
    expect(created).toBe(before + 1);

    // Past the retention: the row is gone, and the signature too old to be accepted.
    clock.advance(inboxSeenRetentionMs(settings()));
    await purge();
    expect(await seen(activity.id)).toBe(false);
    const late = await send();
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toMatch(/signature expired/);
    expect(created).toBe(before + 1);
  });
});
