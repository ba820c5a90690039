import { sql } from 'kysely';
import type { Clock } from '@commonplace/sdk';
import type { FederationDb, FederationExecutor } from '../remote-actors/tables.js';
import type { InboxOutcome } from './inbox-outcome.js';

/** One accepted activity's writes, run in a transaction with its dedupe row. */
export interface InboxWrite {
  /** Null for activities without an id (they cannot be deduplicated). */
  activityId: string | null;
  write(tx: FederationExecutor): Promise<InboxOutcome>;
  /** Set when this write can be done by one call together with its neighbours in the batch. */
  together?: WriteTogether<any>;
}

/**
 * Writes that may be done in one call: when consecutive fresh writes of a batch have `together` with
 * the same key, the entries of two or more are given, in order, to `writeAll` of the first (a
 * plugin's `onMany`), which answers an outcome for each.
 */
export interface WriteTogether<Entry> {
  key: string;
  entry: Entry;
  writeAll(tx: FederationExecutor, entries: readonly Entry[]): Promise<InboxOutcome[]>;
}

/** A submitted write with its sender's promise (a class: no object spread per activity). */
class Pending implements InboxWrite {
  readonly activityId: string | null;
  readonly together: WriteTogether<any> | undefined;
  private readonly inbox: InboxWrite;

  constructor(
    inbox: InboxWrite,
    readonly resolve: (outcome: InboxOutcome) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.inbox = inbox;
    this.activityId = inbox.activityId;
    this.together = inbox.together;
  }

  write(tx: FederationExecutor): Promise<InboxOutcome> {
    return this.inbox.write(tx);
  }
}

/** Transactions in flight at once: one filling while one commits keeps the database busy without piling up. */
const CONCURRENT_COMMITS = 2;
/**
 * While one transaction is in flight, a second starts only with at least this many activities: a
 * second transaction for the one activity that arrived meanwhile costs its BEGIN, dedupe insert and
 * COMMIT for one, and under load half the transactions were such. Alone, an activity commits at once.
 */
const SECOND_BATCH_MIN = 8;

/**
 * Group commit for the inbox. Activities that arrive while a transaction is committing wait and then
 * commit together in the next one: one BEGIN, one multi-row dedupe insert and one COMMIT (one disk
 * flush) for the lot, where each round trip costs more than checking a signature. A quiet inbox
 * commits each activity at once, with no added wait. Every sender still gets its 202 only after its
 * own activity is committed. When any write in a batch fails, the batch is rolled back and each
 * activity is retried in a transaction of its own, so one bad activity never costs the others.
 */
export class InboxCommitBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** A transaction is beginning: it takes what waits when its BEGIN is answered, so no other starts meanwhile. */
  private beginning = false;
  private submittedCount = 0;

  constructor(
    private readonly db: FederationDb,
    private readonly clock: Clock,
    /** The most activities in one transaction (setting federation.inboxCommitBatchMax). */
    private readonly maxBatch: number,
  ) {}

  /** Activities submitted since the process started, committed or not (a counter for metrics and tests). */
  get submitted(): number {
    return this.submittedCount;
  }

  submit(write: InboxWrite): Promise<InboxOutcome> {
    this.submittedCount += 1;
    return new Promise((resolve, reject) => {
      this.queue.push(new Pending(write, resolve, reject));
      this.pump();
    });
  }

  private pump(): void {
    if (this.beginning || this.inFlight >= CONCURRENT_COMMITS || this.queue.length === 0) return;
    if (this.inFlight > 0 && this.queue.length < Math.min(SECOND_BATCH_MIN, this.maxBatch)) return;
    this.inFlight += 1;
    this.beginning = true;
    void this.commitBatch().finally(() => {
      this.inFlight -= 1;
      this.pump();
    });
  }

  /** What waits, up to the batch limit, for the transaction whose BEGIN was just answered. */
  private takeBatch(): Pending[] {
    this.beginning = false;
    return this.queue.splice(0, Math.max(1, this.maxBatch));
  }

  /**
   * Commits `fixed`, or else what waits when the transaction has begun: the activities that arrive
   * during the BEGIN's round trip join it rather than wait for the next transaction.
   */
  private async commitBatch(fixed?: Pending[]): Promise<void> {
    let batch = fixed;
    let outcomes: InboxOutcome[];
    try {
      outcomes = await this.db.transaction().execute((tx) => this.writeAll(tx, (batch ??= this.takeBatch())));
    } catch (error) {
      // A transaction that could not even begin takes its batch now, and each activity gets its own try.
      batch ??= this.takeBatch();
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const pending of batch) await this.commitBatch([pending]);
      return;
    }
    batch!.forEach((pending, index) => pending.resolve(outcomes[index]!));
  }

  private async writeAll(tx: FederationExecutor, batch: readonly Pending[]): Promise<InboxOutcome[]> {
    const fresh = await this.claimIds(tx, batch);
    const outcomes = new Map<Pending, InboxOutcome>();
    const toWrite: Pending[] = [];
    for (const pending of batch) {
      if (pending.activityId !== null && !fresh.has(pending)) {
        outcomes.set(pending, { status: 202, reason: `replay of ${pending.activityId}: already handled`, outcome: 'replay' });
      } else {
        toWrite.push(pending);
      }
    }
    for (const run of runsOf(toWrite)) {
      const written = run.length > 1 ? await run[0]!.together!.writeAll(tx, run.map((write) => write.together!.entry)) : [await run[0]!.write(tx)];
      if (written.length !== run.length) throw new Error(`a write for ${run.length} activities answered for ${written.length}`);
      run.forEach((pending, index) => outcomes.set(pending, written[index]!));
    }
    return batch.map((pending) => outcomes.get(pending)!);
  }

  /** The writes whose activity id is new: one insert for the batch, the first of equal ids in it wins. */
  private async claimIds(tx: FederationExecutor, batch: readonly Pending[]): Promise<Set<Pending>> {
    const firstById = new Map<string, Pending>();
    for (const pending of batch) if (pending.activityId !== null && !firstById.has(pending.activityId)) firstById.set(pending.activityId, pending);
    if (firstById.size === 0) return new Set();
    // The ids go as one array parameter: the statement is the same whatever the batch's size, and
    // nothing is built or serialized per row (a multi-row VALUES was a measurable share of the batch).
    const { rows } = await sql<{ activity_uri: string }>`
      insert into core_inbox_seen (activity_uri, received_at)
      select activity_uri, ${this.clock.now()}::timestamptz from unnest(${[...firstById.keys()]}::text[]) as ids (activity_uri)
      on conflict (activity_uri) do nothing
      returning activity_uri`.execute(tx);
    return new Set(rows.map((row) => firstById.get(row.activity_uri)!));
  }
}

/** The writes in order, cut into runs: consecutive writes with the same `together` key form one run, others stand alone. */
function runsOf<T extends InboxWrite>(writes: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const write of writes) {
    const last = runs[runs.length - 1];
    const key = write.together?.key;
    if (last && key !== undefined && last[0]!.together?.key === key) last.push(write);
    else runs.push([write]);
  }
  return runs;
}
