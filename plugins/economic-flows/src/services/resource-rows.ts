import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '@commonplace/sdk';
import type { ResourceChange, ResourceState } from '../actions/effects.js';
import type { FlowsExecutor, ResourceRow, UnitRow } from '../db/tables.js';
import type { CheckedQuantity } from '../model/quantities.js';
import { findByRef, hostOf, objectUri } from '../model/refs.js';
import type { NewResourceInput } from './event-input.js';

/** One change an event made to a resource, kept with the event for audits. */
export interface AuditEntry {
  resource: string;
  field: string;
  before: unknown;
  after: unknown;
}

/** What a new resource is made from: the client's description, the event's specification, or the resource it was split from. */
export interface NewResourceFacts {
  name: string | null;
  newResource?: NewResourceInput | null;
  spec?: { id: string } | null;
  copyOf?: ResourceRow;
  unit: UnitRow | null;
}

/**
 * The row of a resource an event brings into being, checked (its name, its specification) but not yet
 * stored: asking for an event's signing payload checks it too, and stores nothing.
 */
export async function describeNewResource(tx: FlowsExecutor, facts: NewResourceFacts, at: { publicUrl: string; now: Date }): Promise<ResourceRow> {
  const id = randomUUID();
  const name = facts.name?.trim();
  if (!name) throw new BadUserInputError('newInventoriedResource.name is required (or a resourceConformsTo to name it after).', 'newInventoriedResource');
  const source = facts.copyOf;
  const conformsTo = facts.newResource?.conformsTo
    ? (await findByRef(tx, 'economic_flows_resource_specifications', facts.newResource.conformsTo, 'newInventoriedResource', 'resource specification')).id
    : (facts.spec?.id ?? (source?.origin === null ? source.conforms_to : null));
  return {
    ...blankResource(id, objectUri(at.publicUrl, 'resources', id), name.slice(0, 500), at.now),
    note: facts.newResource?.note ?? null,
    conforms_to: conformsTo,
    tracking_identifier: facts.newResource?.trackingIdentifier ?? source?.tracking_identifier ?? null,
    of_batch_lot: facts.newResource?.ofBatchLot ?? source?.of_batch_lot ?? null,
    current_location: facts.newResource?.currentLocation ?? null,
    unit: facts.unit?.id ?? null,
  };
}

/** A reference to a resource on another instance: no quantities of ours, only what links to it (not stored). */
export function describeShadowResource(uri: string, facts: { name: string; unit: string | null; trackingIdentifier?: string | null; ofBatchLot?: string | null }, now: Date): ResourceRow {
  return {
    ...blankResource(randomUUID(), uri, facts.name.slice(0, 500), now),
    origin: hostOf(uri),
    unit: facts.unit,
    tracking_identifier: facts.trackingIdentifier ?? null,
    of_batch_lot: facts.ofBatchLot ?? null,
  };
}

/** The stored reference to a resource on another instance, made on first sight. */
export async function shadowResource(
  tx: FlowsExecutor,
  uri: string,
  facts: { name: string; unit: string | null; trackingIdentifier?: string | null; ofBatchLot?: string | null },
  now: Date,
): Promise<ResourceRow> {
  const existing = await tx.selectFrom('economic_flows_resources').selectAll().where('uri', '=', uri).executeTakeFirst();
  if (existing) return existing;
  const row = describeShadowResource(uri, facts, now);
  await tx.insertInto('economic_flows_resources').values(row).execute();
  return row;
}

export function blankResource(id: string, uri: string, name: string, now: Date): ResourceRow {
  return {
    id,
    uri,
    name,
    note: null,
    conforms_to: null,
    tracking_identifier: null,
    of_batch_lot: null,
    unit: null,
    accounting_quantity: 0,
    onhand_quantity: 0,
    primary_accountable: null,
    custodian: null,
    current_location: null,
    contained_in: null,
    stage: null,
    state: null,
    previous_event: null,
    origin: null,
    created_at: now,
  };
}

export function stateOf(row: ResourceRow): ResourceState {
  return {
    accountingQuantity: Number(row.accounting_quantity),
    onhandQuantity: Number(row.onhand_quantity),
    currentLocation: row.current_location,
    containedIn: row.contained_in,
    primaryAccountable: row.primary_accountable,
    custodian: row.custodian,
    stage: row.stage,
    state: row.state,
  };
}

/** The resource after the event: its row with the effects' columns and the event as its last (the breadcrumb the spec suggests for ordering cycles). */
export function changed(resource: ResourceRow, change: ResourceChange, eventId: string): ResourceRow {
  const { accountingQuantity, onhandQuantity, currentLocation, containedIn, primaryAccountable, custodian, stage, state } = change;
  return {
    ...resource,
    ...(accountingQuantity !== undefined && { accounting_quantity: accountingQuantity }),
    ...(onhandQuantity !== undefined && { onhand_quantity: onhandQuantity }),
    ...(currentLocation !== undefined && { current_location: currentLocation }),
    ...(containedIn !== undefined && { contained_in: containedIn }),
    ...(primaryAccountable !== undefined && { primary_accountable: primaryAccountable }),
    ...(custodian !== undefined && { custodian }),
    ...(stage !== undefined && { stage }),
    ...(state !== undefined && { state }),
    previous_event: eventId,
  };
}

/** The fields an event may change, in the order its audit lists them. */
const STATE_FIELDS = [
  'accountingQuantity', 'onhandQuantity', 'currentLocation', 'containedIn', 'primaryAccountable', 'custodian', 'stage', 'state',
] as const satisfies ReadonlyArray<keyof ResourceState>;

export function auditOf(resource: ResourceRow | null, change: ResourceChange): AuditEntry[] {
  if (!resource) return [];
  const before = stateOf(resource);
  return STATE_FIELDS.filter((field) => field in change && before[field] !== change[field]).map((field) => ({
    resource: resource.id,
    field,
    before: before[field],
    after: change[field],
  }));
}

/** Consuming, transferring... more than is there: refused, unless the instance allows negative stock. */
export function checkStock(resource: ResourceRow | null, change: ResourceChange, quantity: CheckedQuantity | null, field: string): void {
  if (!resource) return;
  for (const [key, column, label] of [['onhandQuantity', 'onhand_quantity', 'on hand'], ['accountingQuantity', 'accounting_quantity', 'accounted for']] as const) {
    const after = change[key];
    const before = Number(resource[column]);
    if (after !== undefined && after < 0 && after < before) {
      throw new BadUserInputError(
        `${field}: ${quantity?.value} ${quantity?.unit.id} is more than the ${before} ${resource.unit ?? ''} ${label} of ${resource.name}.`.replace(/\s+/g, ' '),
        field,
      );
    }
  }
}
