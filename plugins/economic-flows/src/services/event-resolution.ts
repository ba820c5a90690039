import { BadUserInputError, isUuid } from '@commonplace/sdk';
import { touchesFromResource, type ActionDefinition } from '../actions/table.js';
import type { AgreementRow, ClaimRow, EventRow, FlowsExecutor, IntentRow, ProcessRow, ResourceRow, SpecificationRow } from '../db/tables.js';
import { checkQuantity, type CheckedQuantity } from '../model/quantities.js';
import { findByRef, hostOf, isHttpUrl } from '../model/refs.js';
import type { PreparedEvent } from './recorded-event.js';
import { describeShadowResource, shadowResource } from './resource-rows.js';

export interface EventTimes {
  hasPointInTime: Date | null;
  hasBeginning: Date | null;
  hasEnd: Date | null;
}

export interface EventLinks {
  fulfills: IntentRow | null;
  satisfies: IntentRow | null;
  settles: ClaimRow | null;
  realizationOf: AgreementRow | null;
}

export interface EventQuantities {
  resource: CheckedQuantity | null;
  effort: CheckedQuantity | null;
}

/** An event with every reference it makes read and checked: what its signing payload, its authority check and its effects are computed from. */
export interface ResolvedEvent extends PreparedEvent {
  times: EventTimes;
  quantities: EventQuantities;
  corrected: EventRow | null;
  /** The provider-side resource, unless the event creates it. */
  from: ResourceRow | null;
  /** The receiving resource (or container), unless the event creates it. */
  to: ResourceRow | null;
  inputOf: ProcessRow | null;
  outputOf: ProcessRow | null;
  spec: SpecificationRow | null;
  links: EventLinks;
  /** Which resource this event brings into being (the table's createResource), if any. */
  creates: 'from' | 'to' | null;
}

/** Resources an earlier event of the same batch changed (and locked), as it left them. */
export interface PendingResources {
  resource(ref: string): ResourceRow | undefined;
}

export interface ResolveOptions {
  tx: FlowsExecutor;
  event: PreparedEvent;
  /** A federated event: its own resource lives on its instance, never created here. */
  remote: boolean;
  /** Only its signing payload is wanted: a remote receiving resource never seen is described, not stored. */
  payloadOnly: boolean;
  batch?: PendingResources;
  publicUrl: string;
  now: Date;
}

/**
 * Reads and checks what an event names: its times, quantities and units, the event it corrects, its
 * resources (locked for the transaction), processes, specification and the intents, claims and
 * agreements it links to; and which resource it creates. Anything wrong is BAD_USER_INPUT naming the field.
 */
export async function resolveEvent(options: ResolveOptions): Promise<ResolvedEvent> {
  const { tx, event, remote } = options;
  const { action, input, newResource, receiver } = event;
  const times = eventTimes(options);
  const corrected = input.corrects ? await findByRef(tx, 'economic_flows_events', input.corrects, 'corrects', 'event') : null;
  const quantities = await checkQuantities(tx, action, input, corrected !== null);

  // Both resources read and locked in one query (concurrent events on them apply one after the other).
  const locked = await lockResources(tx, [input.resourceInventoriedAs, input.toResourceInventoriedAs], options.batch);
  const from = input.resourceInventoriedAs ? lockedOrRefused(locked, input.resourceInventoriedAs, 'resourceInventoriedAs') : null;
  const to = input.toResourceInventoriedAs ? (locked.get(input.toResourceInventoriedAs) ?? (await resourceOrShadow(options, input.toResourceInventoriedAs, from))) : null;
  const inputOf = input.inputOf ? await findByRef(tx, 'economic_flows_processes', input.inputOf, 'inputOf', 'process') : null;
  const outputOf = input.outputOf ? await findByRef(tx, 'economic_flows_processes', input.outputOf, 'outputOf', 'process') : null;
  checkProcessSide(action, inputOf, outputOf);
  const spec = input.resourceConformsTo
    ? await findByRef(tx, 'economic_flows_resource_specifications', input.resourceConformsTo, 'resourceConformsTo', 'resource specification')
    : null;
  const links = await linksOf(tx, input);
  if (corrected) checkCorrection(corrected, action, from, to, inputOf, outputOf);

  // A received event's own resource lives on its instance: it never creates one here.
  const createsFrom = action.createResource === 'optional' && !from && !corrected && !remote && (newResource !== null || spec !== null);
  const createsTo = action.createResource === 'optionalTo' && from !== null && !to && !corrected && receiver.origin === null;
  if (touchesFromResource(action) && !from && !createsFrom) {
    const how = action.createResource === 'optional' ? ' (or newInventoriedResource / resourceConformsTo to create one)' : '';
    throw new BadUserInputError(`resourceInventoriedAs: ${action.id} changes a resource, and none is given${how}.`, 'resourceInventoriedAs');
  }
  if (action.createResource === 'optionalTo' && !from && (action.accountingEffect || action.onhandEffect)) {
    throw new BadUserInputError(`resourceInventoriedAs: ${action.id} moves a resource, and none is given.`, 'resourceInventoriedAs');
  }
  if (newResource && !createsFrom) {
    throw new BadUserInputError(`newInventoriedResource: ${action.id} with these resources creates none.`, 'newInventoriedResource');
  }
  const creates = createsFrom ? 'from' : createsTo ? 'to' : null;
  return { ...event, times, quantities, corrected, from, to, inputOf, outputOf, spec, links, creates };
}

/**
 * The time is part of what is signed: two equal events at different times are two events, one signed
 * event sent twice is a replay. The server states it only when it signs itself.
 */
function eventTimes({ event, remote, payloadOnly, now }: ResolveOptions): EventTimes {
  const { input, provider } = event;
  const times = {
    hasPointInTime: parseTime(input.hasPointInTime, 'hasPointInTime'),
    hasBeginning: parseTime(input.hasBeginning, 'hasBeginning'),
    hasEnd: parseTime(input.hasEnd, 'hasEnd'),
  };
  if (times.hasPointInTime || times.hasBeginning || times.hasEnd) return times;
  if (input.signature || payloadOnly || !provider.server_eddsa_secret_key || remote) {
    throw new BadUserInputError('hasPointInTime (or hasBeginning/hasEnd) is required: a signed event states when it happened.', 'hasPointInTime');
  }
  return { ...times, hasPointInTime: now };
}

async function checkQuantities(tx: FlowsExecutor, action: ActionDefinition, input: PreparedEvent['input'], isCorrection: boolean): Promise<EventQuantities> {
  const resource = await checkQuantity(tx, input.resourceQuantity, 'resourceQuantity', { allowNegative: isCorrection });
  const effort = await checkQuantity(tx, input.effortQuantity, 'effortQuantity', { allowNegative: isCorrection, dimension: 'time' });
  if (action.eventQuantity === 'resource' && !resource) {
    throw new BadUserInputError(`resourceQuantity is required for ${action.id}.`, 'resourceQuantity');
  }
  if (action.eventQuantity === 'effort' && !effort) throw new BadUserInputError(`effortQuantity is required for ${action.id}.`, 'effortQuantity');
  if (action.eventQuantity === 'both' && !resource && !effort) {
    throw new BadUserInputError(`${action.id} needs a resourceQuantity or an effortQuantity.`, 'resourceQuantity');
  }
  return { resource, effort };
}

/** The resources the references name, locked for this transaction; keyed by the reference. */
async function lockResources(tx: FlowsExecutor, refs: Array<string | null | undefined>, batch?: PendingResources): Promise<Map<string, ResourceRow>> {
  const found = new Map<string, ResourceRow>();
  // In a batch, a resource an earlier event changed (and locked) is taken as that event left it.
  for (const ref of refs) {
    const pending = ref ? batch?.resource(ref) : undefined;
    if (ref && pending) found.set(ref, pending);
  }
  const given = refs.filter((ref): ref is string => !!ref && !found.has(ref));
  const ids = given.filter(isUuid);
  const uris = given.filter((ref) => !isUuid(ref) && isHttpUrl(ref));
  if (ids.length === 0 && uris.length === 0) return found;
  const rows = await tx
    .selectFrom('economic_flows_resources')
    .selectAll()
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(uris.length ? [eb('uri', 'in', uris)] : [])]))
    .forUpdate()
    .execute();
  for (const ref of given) {
    const row = rows.find((candidate) => candidate.id === ref || candidate.uri === ref);
    if (row) found.set(ref, row);
  }
  return found;
}

function lockedOrRefused(locked: Map<string, ResourceRow>, ref: string, field: string): ResourceRow {
  const row = locked.get(ref);
  if (!row) throw new BadUserInputError(`${field}: no economic resource ${ref}.`, field);
  return row;
}

/** The receiving resource; one on another instance that we have never seen is kept as a reference. */
async function resourceOrShadow(options: ResolveOptions, ref: string, from: ResourceRow | null): Promise<ResourceRow> {
  const host = isHttpUrl(ref) ? hostOf(ref) : null;
  if (!host || host === hostOf(options.publicUrl) || options.remote) {
    throw new BadUserInputError(`toResourceInventoriedAs: no economic resource ${ref}.`, 'toResourceInventoriedAs');
  }
  const facts = { name: from?.name ?? ref, unit: from?.unit ?? null };
  return options.payloadOnly ? describeShadowResource(ref, facts, options.now) : shadowResource(options.tx, ref, facts, options.now);
}

async function linksOf(tx: FlowsExecutor, input: PreparedEvent['input']): Promise<EventLinks> {
  return {
    fulfills: input.fulfills ? await intentOfKind(tx, input.fulfills, 'fulfills', 'commitment') : null,
    satisfies: input.satisfies ? await intentOfKind(tx, input.satisfies, 'satisfies', 'intent') : null,
    settles: input.settles ? await findByRef(tx, 'economic_flows_claims', input.settles, 'settles', 'claim') : null,
    realizationOf: input.realizationOf ? await findByRef(tx, 'economic_flows_agreements', input.realizationOf, 'realizationOf', 'agreement') : null,
  };
}

async function intentOfKind(tx: FlowsExecutor, ref: string, field: string, kind: 'intent' | 'commitment'): Promise<IntentRow> {
  const row = await findByRef(tx, 'economic_flows_intents', ref, field, kind);
  if (row.kind !== kind) throw new BadUserInputError(`${field}: ${ref} is a ${row.kind}, not a ${kind}.`, field);
  return row;
}

function checkProcessSide(action: ActionDefinition, inputOf: ProcessRow | null, outputOf: ProcessRow | null): void {
  const side = action.inputOutput;
  if (inputOf && side !== 'input' && side !== 'outputInput') throw new BadUserInputError(`inputOf: ${action.id} is not a process input.`, 'inputOf');
  if (outputOf && side !== 'output' && side !== 'outputInput') throw new BadUserInputError(`outputOf: ${action.id} is not a process output.`, 'outputOf');
  if (inputOf && outputOf) throw new BadUserInputError('An event is the input or the output of a process, not both.', 'outputOf');
}

/** A correction repeats the action and the resources and process of the event it corrects; only its quantity differs. */
function checkCorrection(
  corrected: EventRow,
  action: ActionDefinition,
  from: ResourceRow | null,
  to: ResourceRow | null,
  inputOf: ProcessRow | null,
  outputOf: ProcessRow | null,
): void {
  if (corrected.action !== action.id) throw new BadUserInputError(`corrects: a correction has the action of the event it corrects (${corrected.action}).`, 'corrects');
  const same = (field: string, mine: string | null, theirs: string | null) => {
    if (mine !== theirs) throw new BadUserInputError(`${field}: a correction names the same ${field} as the event it corrects.`, field);
  };
  same('resourceInventoriedAs', from?.id ?? null, corrected.resource_inventoried_as);
  same('toResourceInventoriedAs', to?.id ?? null, corrected.to_resource_inventoried_as);
  same('inputOf', inputOf?.id ?? null, corrected.input_of);
  same('outputOf', outputOf?.id ?? null, corrected.output_of);
}

export function parseTime(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`${field} is not a date-time (ISO 8601).`, field);
  return date;
}
