import { ConflictError, sql } from '@commonplace/sdk';
import type { EventRow, FlowsExecutor, ResourceRow } from '../db/tables.js';
import type { PendingResources } from './event-resolution.js';

export type NewEventRow = Omit<EventRow, 'seq'>;

/**
 * The event and the new state of the resources it changed (one or two), in one statement: the insert
 * and the updates are parts of one query (data-modifying CTEs), the resources' rows are the ones
 * computed by the recorder (nothing is read back but the event's sequence number). The same signed
 * event twice is a replay: the unique signature says so without a query first, and then no resource changes.
 */
export async function writeEvent(tx: FlowsExecutor, event: NewEventRow, changed: readonly [ResourceRow?, ResourceRow?]): Promise<EventRow> {
  const [first, second] = changed;
  const withStored = tx.with('stored', (db) =>
    db.insertInto('economic_flows_events').values(event).onConflict((oc) => oc.column('signature').doNothing()).returning('seq'),
  );
  const update = (row: ResourceRow) => {
    const { id, ...set } = row;
    return tx.updateTable('economic_flows_resources').set(set).where('id', '=', id).where(sql<boolean>`exists (select 1 from stored)`).returning('id');
  };
  const stored = await (first === undefined
    ? withStored.selectFrom('stored').select('seq').executeTakeFirst()
    : second === undefined
      ? withStored.with('changed_0', () => update(first)).selectFrom('stored').select('seq').executeTakeFirst()
      : withStored
          .with('changed_0', () => update(first))
          .with('changed_1', () => update(second))
          .selectFrom('stored')
          .select('seq')
          .executeTakeFirst());
  if (!stored) throw new ConflictError('This signed event is already recorded.', 'signature');
  return { ...event, seq: Number(stored.seq) };
}

/**
 * A batch's writes, kept until its last event is checked: then every event is one multi-row insert and
 * every resource it changed one upsert of its final state (two statements for the batch, not two per event).
 */
export class BatchWrites implements PendingResources {
  /** The rows to insert, and the rows handed back to the caller (their seq is set once written). */
  private readonly events: Array<{ insert: NewEventRow; row: EventRow }> = [];
  private readonly resources = new Map<string, ResourceRow>();

  /** The batch's events checked so far, not yet written. */
  get pendingEvents(): readonly NewEventRow[] {
    return this.events.map(({ insert }) => insert);
  }

  /** The state an earlier event of the batch left a resource in (by id or URI). */
  resource(ref: string): ResourceRow | undefined {
    return this.resources.get(ref) ?? [...this.resources.values()].find((row) => row.uri === ref);
  }

  add(event: NewEventRow, changed: readonly ResourceRow[]): EventRow {
    const row: EventRow = { ...event, seq: 0 };
    this.events.push({ insert: { ...event }, row });
    for (const resource of changed) this.resources.set(resource.id, resource);
    return row;
  }

  async flush(tx: FlowsExecutor): Promise<void> {
    const rows = this.events.map(({ insert }) => insert);
    const stored = await tx
      .insertInto('economic_flows_events')
      .values(rows)
      .onConflict((oc) => oc.column('signature').doNothing())
      .returning(['id', 'seq'])
      .execute();
    if (stored.length !== rows.length) {
      const index = this.events.findIndex(({ insert }) => !stored.some((row) => row.id === insert.id));
      throw new ConflictError(`events[${index}]: this signed event is already recorded (or given twice).`, 'signature');
    }
    const seqs = new Map(stored.map((row) => [row.id, Number(row.seq)]));
    for (const { row } of this.events) row.seq = seqs.get(row.id) ?? row.seq;
    if (this.resources.size === 0) return;
    await tx
      .insertInto('economic_flows_resources')
      .values([...this.resources.values()])
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          uri: eb.ref('excluded.uri'),
          name: eb.ref('excluded.name'),
          note: eb.ref('excluded.note'),
          conforms_to: eb.ref('excluded.conforms_to'),
          tracking_identifier: eb.ref('excluded.tracking_identifier'),
          of_batch_lot: eb.ref('excluded.of_batch_lot'),
          unit: eb.ref('excluded.unit'),
          accounting_quantity: eb.ref('excluded.accounting_quantity'),
          onhand_quantity: eb.ref('excluded.onhand_quantity'),
          primary_accountable: eb.ref('excluded.primary_accountable'),
          custodian: eb.ref('excluded.custodian'),
          current_location: eb.ref('excluded.current_location'),
          contained_in: eb.ref('excluded.contained_in'),
          stage: eb.ref('excluded.stage'),
          state: eb.ref('excluded.state'),
          previous_event: eb.ref('excluded.previous_event'),
          origin: eb.ref('excluded.origin'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }
}
