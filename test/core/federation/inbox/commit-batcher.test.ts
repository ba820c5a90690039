import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { InboxCommitBatcher } from '../../../../core/src/federation/inbox/commit-batcher.js';
import type { InboxOutcome } from '../../../../core/src/federation/inbox/process-activity.js';
import type { FederationDb, FederationExecutor } from '../../../../core/src/federation/remote-actors/tables.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../../helpers/databases.js';

const clock = { now: () => new Date() };
const accepted = (reason: string): InboxOutcome => ({ status: 202, reason, outcome: 'accepted' });

describe.each(testDialects())('inbox group commit (%s)', (dialect) => {
  let database: TestDatabase;
  let db: FederationDb;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    db = database.db as unknown as FederationDb;
    await sql`create table core_inbox_seen (activity_uri text primary key, received_at timestamptz not null)`.execute(db);
    await sql`create table stored (activity_uri text primary key)`.execute(db);
  });
  afterAll(() => database.destroy());

  const store = (id: string) => async (tx: FederationExecutor) => {
    await sql`insert into stored (activity_uri) values (${id})`.execute(tx);
    return accepted(`stored ${id}`);
  };
  const storedIds = async () => (await sql<{ activity_uri: string }>`select activity_uri from stored order by activity_uri`.execute(db)).rows.map((row) => row.activity_uri);

  test('activities arriving together are all stored, each answered with its own outcome, replays found', async () => {
    const batcher = new InboxCommitBatcher(db, clock, 64);
    const ids = Array.from({ length: 40 }, (_, n) => `https://remote.example/a/${String(n).padStart(2, '0')}`);
    const outcomes = await Promise.all([
      ...ids.map((id) => batcher.submit({ activityId: id, write: store(id) })),
      // The same id twice in one burst: one is stored, the other is a replay.
      batcher.submit({ activityId: ids[0]!, write: store(`${ids[0]}-again`) }),
    ]);
    expect(outcomes.slice(0, 40).map((outcome) => outcome.reason)).toEqual(ids.map((id) => `stored ${id}`));
    expect(outcomes[40]!.outcome).toBe('replay');
    expect(await storedIds()).toEqual(ids);

    const again = await batcher.submit({ activityId: ids[7]!, write: store(`${ids[7]}-later`) });
    expect(again.outcome).toBe('replay');
  });

  test('ids with the characters an array literal quotes are claimed as they are', async () => {
    await sql`delete from stored`.execute(db);
    const batcher = new InboxCommitBatcher(db, clock, 64);
    const ids = ['https://remote.example/q/a,b', 'https://remote.example/q/"quoted"', 'https://remote.example/q/back\\slash', 'https://remote.example/q/{braces}', 'https://remote.example/q/NULL', "https://remote.example/q/it's é"];
    const outcomes = await Promise.all(ids.map((id) => batcher.submit({ activityId: id, write: store(id) })));
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(ids.map(() => 'accepted'));
    expect((await sql<{ activity_uri: string }>`select activity_uri from core_inbox_seen where activity_uri like ${'https://remote.example/q/%'}`.execute(db)).rows.map((row) => row.activity_uri).sort()).toEqual([...ids].sort());
    const replays = await Promise.all(ids.map((id) => batcher.submit({ activityId: id, write: store(`${id}-again`) })));
    expect(replays.map((outcome) => outcome.outcome)).toEqual(ids.map(() => 'replay'));
  });

  test('while one transaction is in flight, a lone activity waits for it; a full second batch does not', async () => {
    await sql`delete from stored`.execute(db);
    const batcher = new InboxCommitBatcher(db, clock, 64);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstWriting!: () => void;
    const firstStarted = new Promise<void>((resolve) => (firstWriting = resolve));
    const written: string[] = [];
    const tracked = (id: string) => async (tx: FederationExecutor) => {
      written.push(id);
      return store(id)(tx);
    };
    const first = batcher.submit({
      activityId: 'https://remote.example/c/first',
      write: async (tx) => {
        firstWriting();
        await held;
        return store('https://remote.example/c/first')(tx);
      },
    });
    await firstStarted;
    const lone = batcher.submit({ activityId: 'https://remote.example/c/lone', write: tracked('https://remote.example/c/lone') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written).toEqual([]); // no second transaction for one activity
    const burst = Array.from({ length: 8 }, (_, n) => `https://remote.example/c/burst-${n}`);
    const bursting = burst.map((id) => batcher.submit({ activityId: id, write: tracked(id) }));
    if (dialect === 'postgres') {
      // Eight waiting are worth a second transaction beside the held one (PGlite has one connection).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(written.slice(0, 8)).toEqual(['https://remote.example/c/lone', ...burst.slice(0, 7)]);
    }
    release();
    await Promise.all([first, lone, ...bursting]);
    expect(await storedIds()).toHaveLength(10);
  });

  test('one failing write costs only its own activity: the others of its batch are stored', async () => {
    await sql`delete from stored`.execute(db);
    const batcher = new InboxCommitBatcher(db, clock, 64);
    const ids = Array.from({ length: 10 }, (_, n) => `https://remote.example/b/${n}`);
    const results = await Promise.allSettled(
      ids.map((id, n) =>
        batcher.submit({
          activityId: id,
          write: n === 4 ? async () => { throw new Error('the handler failed'); } : store(id),
        }),
      ),
    );
    expect(results[4]!.status).toBe('rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(9);
    expect(await storedIds()).toEqual(ids.filter((_, n) => n !== 4).sort());
    // The failed activity left no dedupe row: the sender's retry is processed, not taken for a replay.
    const retry = await batcher.submit({ activityId: ids[4]!, write: store(ids[4]!) });
    expect(retry.outcome).toBe('accepted');
  });

  test('consecutive writes with the same together key go to one writeAll, in order; others, and replays, break the run', async () => {
    await sql`delete from stored`.execute(db);
    const batcher = new InboxCommitBatcher(db, clock, 64);
    const calls: string[][] = [];
    const together = (key: string, id: string) => ({
      key,
      entry: id,
      writeAll: async (tx: FederationExecutor, entries: readonly string[]) => {
        calls.push([...entries]);
        for (const entry of entries) await store(entry)(tx);
        return entries.map((entry) => accepted(`stored ${entry} with ${entries.length - 1} other(s)`));
      },
    });
    const id = (name: string) => `https://remote.example/t/${name}`;
    await batcher.submit({ activityId: id('old'), write: store(id('old')) });
    // A transaction held open: the seven below (fewer than a second transaction needs) wait and go together.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holdStarted!: () => void;
    const holding = new Promise<void>((resolve) => (holdStarted = resolve));
    const hold = batcher.submit({
      activityId: id('hold'),
      write: async (tx) => {
        holdStarted();
        await held;
        return store(id('hold'))(tx);
      },
    });
    await holding;
    // The replay of `old` inside the first run is answered, not written, and does not break the run.
    const plan: Array<[string, string | null]> = [['a1', 'A'], ['old', 'A'], ['a2', 'A'], ['lone', null], ['a3', 'A'], ['b1', 'B'], ['b2', 'B']];
    const outcomes = plan.map(([name, key]) =>
      batcher.submit({ activityId: id(name), write: store(id(`${name}-alone`)), ...(key ? { together: together(key, id(name)) } : {}) }),
    );
    release();
    await hold;
    const answered = await Promise.all(outcomes);
    expect(calls).toEqual([[id('a1'), id('a2')], [id('b1'), id('b2')]]);
    expect(answered.map((outcome) => outcome.outcome)).toEqual(['accepted', 'replay', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(answered[0]!.reason).toBe(`stored ${id('a1')} with 1 other(s)`);
    // A run of one is written by its own write, not by writeAll.
    expect(await storedIds()).toEqual([id('a1'), id('a2'), id('lone-alone'), id('a3-alone'), id('b1'), id('b2'), id('old'), id('hold')].sort());
  });

  test('a transaction that cannot begin stalls nothing: its activities are tried again one by one, and later ones commit', async () => {
    await sql`delete from stored`.execute(db);
    let failNextBegin = true;
    // The database as the batcher sees it, refusing one BEGIN as a dropped connection would.
    const flaky = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== 'transaction') return Reflect.get(target, property, receiver);
        return () => {
          if (!failNextBegin) return target.transaction();
          failNextBegin = false;
          return { execute: async () => { throw new Error('connection terminated'); } };
        };
      },
    }) as FederationDb;
    const batcher = new InboxCommitBatcher(flaky, clock, 64);
    const ids = Array.from({ length: 3 }, (_, n) => `https://remote.example/d/${n}`);
    const outcomes = await Promise.all(ids.map((id) => batcher.submit({ activityId: id, write: store(id) })));
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect((await batcher.submit({ activityId: 'https://remote.example/d/later', write: store('https://remote.example/d/later') })).outcome).toBe('accepted');
    expect(await storedIds()).toEqual([...ids, 'https://remote.example/d/later'].sort());
  });
});
