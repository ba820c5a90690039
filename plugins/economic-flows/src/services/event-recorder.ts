import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  CommonplaceError,
  ConflictError,
  sql,
  ForbiddenError,
  isUuid,
  UnauthenticatedError,
  type Services,
} from '@commonplace/sdk';
import { ACTION_IDS, actionOf, isActionId, touchesFromResource, type ActionDefinition } from '../actions/table.js';
import { effectsOf, type ResourceChange, type ResourceState } from '../actions/effects.js';
import type { AgentRow, EventRow, FlowsDb, FlowsExecutor, ProcessRow, ResourceRow, UnitRow } from '../db/tables.js';
import { checkQuantity, unitById, type CheckedQuantity } from '../model/quantities.js';
import { findByRef, hostOf, isHttpUrl, objectUri } from '../model/refs.js';
import { convert } from '../model/units.js';
import { canonicalEvent, type SignableEvent } from '../signatures/canonical-event.js';
import { signEd25519, verifyEd25519 } from '../signatures/ed25519.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import { AgentDirectory } from './agents.js';
import { EventAuthority } from './event-authority.js';
import type { EventInput, NewResourceInput } from './event-input.js';
import { inTransaction } from './transactions.js';

export interface RecordContext {
  /** The person recording a local event (authorised to act for its provider). */
  recorder: AgentRow | null;
  /**
   * A federated event: its id on its home instance (which has already applied its own side), and the
   * canonical text its provider signed, which the inbox handler has matched against the object's fields.
   */
  remote?: { uri: string; origin: string; signedPayload: string | null };
  /** Only compute the canonical form to sign: everything is checked, nothing is kept. */
  payloadOnly?: boolean;
  /** Called in the transaction after the event is stored (federation publishes from here). */
  afterRecord?: (recorded: RecordedEvent, tx: FlowsExecutor) => Promise<void>;
}

export interface RecordedEvent {
  event: EventRow;
  /** The resource the event created, or else the one it affected. */
  resource: ResourceRow | null;
  provider: AgentRow;
  receiver: AgentRow;
}

interface AuditEntry {
  resource: string;
  field: string;
  before: unknown;
  after: unknown;
}

const TEXT_FIELDS = ['atLocation', 'toLocation', 'state'] as const;
const MAX_TEXT = 2_000;

/**
 * Records an economic event: checks it (action, agents, quantities and units, resources, signature),
 * then applies the action's effects from the ValueFlows table to its resources, all in one transaction.
 * Anything wrong is BAD_USER_INPUT naming the field, before anything is written.
 */
export class EventRecorder {
  private readonly agents: AgentDirectory;
  private readonly authority: EventAuthority;

  constructor(private readonly services: Services) {
    this.agents = new AgentDirectory(services);
    this.authority = new EventAuthority(services);
  }

  private get settings(): EconomicFlowsSettings {
    return this.services.config.plugin<EconomicFlowsSettings>(PLUGIN_ID);
  }

  async record(input: EventInput, newResource: NewResourceInput | null, context: RecordContext): Promise<RecordedEvent> {
    const prepared = await this.prepare(input, newResource, context);
    return inTransaction(this.services.db as FlowsDb, (tx) => this.recordPrepared(tx, prepared, context));
  }

  /**
   * Several local events in one transaction, in order (a later one may use what an earlier one did to a
   * resource): each is checked and its signature verified as `record` does; the first refused one
   * refuses them all, its error naming its index (`events[2]: ...`, extension `index`).
   */
  async recordMany(items: ReadonlyArray<{ input: EventInput; newResource: NewResourceInput | null }>, context: RecordContext): Promise<RecordedEvent[]> {
    const max = this.settings.maxEventsPerBatch;
    if (items.length === 0 || items.length > max) throw new BadUserInputError(`events: give 1 to ${max} events.`, 'events');
    const prepared: PreparedEvent[] = [];
    const parties: PartiesCache = new Map(); // a batch usually repeats its provider and receiver
    for (const [index, item] of items.entries()) prepared.push(await atIndex(index, () => this.prepare(item.input, item.newResource, context, parties)));
    return inTransaction(this.services.db as FlowsDb, async (tx) => {
      const writes = new BatchWrites();
      const recorded: RecordedEvent[] = [];
      for (const [index, item] of prepared.entries()) {
        recorded.push(await atIndex(index, () => this.recordIn(tx, item.action, item.input, item.newResource, item.provider, item.receiver, context, writes)));
      }
      await writes.flush(tx);
      for (const done of recorded) await context.afterRecord?.(done, tx);
      return recorded;
    });
  }

  /** What is checked before the transaction: the action, the texts, the agents (one query) and who may record. */
  private async prepare(input: EventInput, newResource: NewResourceInput | null, context: RecordContext, parties?: PartiesCache): Promise<PreparedEvent> {
    if (!isActionId(input.action)) {
      throw new BadUserInputError(`action: unknown action "${input.action}"; it is one of ${ACTION_IDS.join(', ')}.`, 'action');
    }
    const action = actionOf(input.action);
    this.checkTexts(input, newResource);
    // Agents first, outside the transaction: an unknown remote receiver is fetched from its instance.
    const key = `${input.provider}\n${input.receiver}`;
    const known = parties?.get(key);
    const [provider, receiver] = known ?? (await this.agents.resolvePair({ ref: input.provider, field: 'provider' }, { ref: input.receiver, field: 'receiver' }));
    if (!known && !context.remote) await this.authorise(context.recorder, provider);
    parties?.set(key, [provider, receiver]);
    return { action, input, newResource, provider, receiver };
  }

  private async recordPrepared(tx: FlowsExecutor, prepared: PreparedEvent, context: RecordContext): Promise<RecordedEvent> {
    const { action, input, newResource, provider, receiver } = prepared;
    const recorded = await this.recordIn(tx, action, input, newResource, provider, receiver, context);
    await context.afterRecord?.(recorded, tx);
    return recorded;
  }

  /** The canonical (JCS) text a client signs for this event, checked as recording would check it. */
  async signingPayload(input: EventInput, newResource: NewResourceInput | null, recorder: AgentRow): Promise<string> {
    try {
      await this.record({ ...input, signature: null, signerPublicKey: null }, newResource, { recorder, payloadOnly: true });
    } catch (error) {
      if (error instanceof PayloadOnly) return error.payload;
      throw error;
    }
    throw new Error('unreachable: a payload-only run always rolls back');
  }

  private async authorise(recorder: AgentRow | null, provider: AgentRow): Promise<void> {
    if (!recorder) throw new UnauthenticatedError();
    if (provider.origin !== null) {
      throw new BadUserInputError(`provider ${provider.uri} lives on another instance: its own instance records its events, and they federate here.`, 'provider');
    }
    // The provider states what it gave: the receiver alone records nothing (and the server signs with an
    // organisation's held key only for its owners and members).
    if (!(await this.agents.canActFor(recorder.id, provider.id))) {
      throw new ForbiddenError(`You do not act for the provider (${provider.name}): only the provider, or an owner or member of it, records its events.`);
    }
  }

  private async recordIn(
    tx: FlowsExecutor,
    action: ActionDefinition,
    input: EventInput,
    newResource: NewResourceInput | null,
    provider: AgentRow,
    receiver: AgentRow,
    context: RecordContext,
    batch?: BatchWrites,
  ): Promise<RecordedEvent> {
    const now = this.services.clock.now();
    const times = {
      hasPointInTime: parseTime(input.hasPointInTime, 'hasPointInTime'),
      hasBeginning: parseTime(input.hasBeginning, 'hasBeginning'),
      hasEnd: parseTime(input.hasEnd, 'hasEnd'),
    };
    if (!times.hasPointInTime && !times.hasBeginning && !times.hasEnd) {
      // The time is part of what is signed: two equal events at different times are two events, one
      // signed event sent twice is a replay. The server states it only when it signs itself.
      if (input.signature || context.payloadOnly || !provider.server_eddsa_secret_key || context.remote) {
        throw new BadUserInputError('hasPointInTime (or hasBeginning/hasEnd) is required: a signed event states when it happened.', 'hasPointInTime');
      }
      times.hasPointInTime = now;
    }
    const corrected = input.corrects ? await findByRef(tx, 'economic_flows_events', input.corrects, 'corrects', 'event') : null;
    const quantities = await this.checkQuantities(tx, action, input, corrected !== null);

    // Both resources read and locked in one query (concurrent events on them apply one after the other).
    const locked = await this.lockResources(tx, [input.resourceInventoriedAs, input.toResourceInventoriedAs], batch);
    const from = input.resourceInventoriedAs ? lockedOrRefused(locked, input.resourceInventoriedAs, 'resourceInventoriedAs') : null;
    const to = input.toResourceInventoriedAs
      ? (locked.get(input.toResourceInventoriedAs) ?? (await this.resourceOrShadow(tx, input.toResourceInventoriedAs, from, context)))
      : null;
    const inputOf = input.inputOf ? await findByRef(tx, 'economic_flows_processes', input.inputOf, 'inputOf', 'process') : null;
    const outputOf = input.outputOf ? await findByRef(tx, 'economic_flows_processes', input.outputOf, 'outputOf', 'process') : null;
    checkProcessSide(action, inputOf, outputOf);
    const spec = input.resourceConformsTo
      ? await findByRef(tx, 'economic_flows_resource_specifications', input.resourceConformsTo, 'resourceConformsTo', 'resource specification')
      : null;
    const links = await this.links(tx, input);
    if (corrected) checkCorrection(corrected, action, from, to, inputOf, outputOf);

    // Which resource this event brings into being, if any (the table's createResource).
    // A received event's own resource lives on its instance: it never creates one here.
    const createsFrom = action.createResource === 'optional' && !from && !corrected && !context.remote && (newResource !== null || spec !== null);
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

    await this.authority.check(tx, {
      action,
      provider,
      receiver,
      recorder: context.remote ? null : context.recorder,
      remoteOrigin: context.remote?.origin ?? null,
      from,
      to,
      corrected,
      fulfills: links.fulfills,
      conformsTo: from && from.origin === null ? from.conforms_to : (spec?.id ?? null),
      quantity: quantities.resource,
      pending: batch?.pendingEvents ?? [],
    });

    const eventUnit = quantities.resource?.unit ?? null;
    const created = createsFrom
      ? await this.newResource(tx, { name: newResource?.name ?? spec?.name ?? null, newResource, spec, unit: eventUnit ?? (await this.defaultUnit(tx, spec)) })
      : createsTo
        ? await this.newResource(tx, { name: from!.name, copyOf: from!, unit: from!.unit ? await this.unit(tx, from!.unit) : eventUnit })
        : null;
    const fromResource = createsFrom ? created : from;
    const toResource = createsTo ? created : to;
    // Only this instance's resources change here; a federated copy changes on its own instance.
    const localFrom = fromResource && fromResource.origin === null ? fromResource : null;
    const localTo = toResource && toResource.origin === null ? toResource : null;

    const payload = context.remote?.signedPayload ?? canonicalEvent(this.signable(input, action, provider, receiver, from, to, inputOf, outputOf, spec, corrected, links, times, quantities));
    if (context.payloadOnly) throw new PayloadOnly(payload);
    const signature = this.checkSignature(input, payload, provider, context);

    const effects = effectsOf({
      action,
      fromQuantity: await this.quantityIn(tx, quantities.resource, localFrom, 'resourceQuantity'),
      toQuantity: await this.quantityIn(tx, quantities.resource, localTo, 'resourceQuantity'),
      receiver: receiver.id,
      atLocation: input.atLocation ?? null,
      toLocation: input.toLocation ?? null,
      state: input.state ?? null,
      toResourceId: toResource?.id ?? null,
      outputStage: outputOf?.based_on ?? null,
      from: localFrom ? stateOf(localFrom) : null,
      to: localTo ? stateOf(localTo) : null,
      created: createsFrom ? 'from' : createsTo ? 'to' : null,
      quantitiesOnly: corrected !== null,
    });
    if (!this.settings.allowNegativeStock) {
      checkStock(localFrom, effects.from, quantities.resource, 'resourceQuantity');
      checkStock(localTo, effects.to, quantities.resource, 'resourceQuantity');
    }

    const id = randomUUID();
    const audit: AuditEntry[] = [...auditOf(localFrom, effects.from), ...auditOf(localTo, effects.to)];
    const event: Omit<EventRow, 'seq'> = {
      id,
      uri: context.remote?.uri ?? objectUri(this.services.config.publicUrl, 'events', id),
      action: action.id,
      provider: provider.id,
      receiver: receiver.id,
      resource_inventoried_as: fromResource?.id ?? null,
      to_resource_inventoried_as: toResource?.id ?? null,
      resource_conforms_to: spec?.id ?? fromResource?.conforms_to ?? null,
      resource_quantity_value: quantities.resource?.value ?? null,
      resource_quantity_unit: quantities.resource?.unit.id ?? null,
      effort_quantity_value: quantities.effort?.value ?? null,
      effort_quantity_unit: quantities.effort?.unit.id ?? null,
      input_of: inputOf?.id ?? null,
      output_of: outputOf?.id ?? null,
      has_point_in_time: times.hasPointInTime,
      has_beginning: times.hasBeginning,
      has_end: times.hasEnd,
      at_location: input.atLocation ?? null,
      to_location: input.toLocation ?? null,
      state: input.state ?? null,
      note: input.note ?? null,
      corrects: corrected?.id ?? null,
      fulfills: links.fulfills?.id ?? null,
      satisfies: links.satisfies?.id ?? null,
      settles: links.settles?.id ?? null,
      realization_of: links.realizationOf?.id ?? null,
      previous_event: fromResource?.previous_event ?? null,
      signed_payload: payload,
      signature: signature.signature,
      signer_public_key: signature.signerPublicKey,
      signature_verified: signature.verified,
      recorded_by: context.recorder?.id ?? null,
      effects: JSON.stringify(audit),
      origin: context.remote?.origin ?? null,
      created_at: now,
    };
    // The breadcrumb the spec suggests for ordering cycles: each resource remembers its last event.
    const updatedFrom = localFrom ? changed(localFrom, effects.from, id) : null;
    const updatedTo = localTo && localTo.id !== localFrom?.id ? changed(localTo, effects.to, id) : null;
    const changedRows = [updatedFrom, updatedTo].filter((row): row is ResourceRow => row !== null);
    const stored = batch ? batch.add(event, changedRows) : await this.write(tx, event, changedRows);
    stored.effects = audit; // as the database gives jsonb back (the same object: a batch sets its seq later)
    const resource = createsFrom ? updatedFrom : createsTo ? updatedTo : (updatedFrom ?? updatedTo ?? fromResource ?? null);
    return { event: stored, resource, provider, receiver };
  }

  private checkTexts(input: EventInput, newResource: NewResourceInput | null): void {
    for (const field of TEXT_FIELDS) {
      const value = input[field];
      if (value !== undefined && value !== null && value.length > MAX_TEXT) throw new BadUserInputError(`${field} has at most ${MAX_TEXT} characters.`, field);
    }
    const maxNote = this.settings.maxNoteLength;
    if (input.note && input.note.length > maxNote) throw new BadUserInputError(`note has at most ${maxNote} characters.`, 'note');
    for (const [field, value] of Object.entries(newResource ?? {})) {
      if (typeof value === 'string' && value.length > maxNote) throw new BadUserInputError(`newInventoriedResource.${field} is too long.`, 'newInventoriedResource');
    }
  }

  private async checkQuantities(tx: FlowsExecutor, action: ActionDefinition, input: EventInput, isCorrection: boolean) {
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

  /**
   * The event and the new state of the resources it changed, in one statement: the insert and the
   * updates are parts of one query (data-modifying CTEs), the resources' rows are the ones computed here
   * (nothing is read back but the event's sequence number). The same signed event twice is a replay:
   * the unique signature says so without a query first, and then no resource changes.
   */
  private async write(tx: FlowsExecutor, event: Omit<EventRow, 'seq'>, resources: ResourceRow[]): Promise<EventRow> {
    let query: any = tx.with('stored', (db) =>
      db.insertInto('economic_flows_events').values(event as never).onConflict((oc) => oc.column('signature').doNothing()).returning('seq'),
    );
    resources.forEach((row, index) => {
      const { id, ...set } = row;
      query = query.with(`changed_${index}`, (db: FlowsExecutor) =>
        db.updateTable('economic_flows_resources').set(set).where('id', '=', id).where(sql<boolean>`exists (select 1 from stored)`).returning('id'),
      );
    });
    const stored = (await query.selectFrom('stored').select('seq').executeTakeFirst()) as { seq: number | string } | undefined;
    if (!stored) throw new ConflictError('This signed event is already recorded.', 'signature');
    return { ...event, seq: Number(stored.seq) } as EventRow;
  }

  /** The resources the references name, locked for this transaction; keyed by the reference. */
  private async lockResources(tx: FlowsExecutor, refs: Array<string | null | undefined>, batch?: BatchWrites): Promise<Map<string, ResourceRow>> {
    const found = new Map<string, ResourceRow>();
    // In a batch, a resource an earlier event changed (and locked) is taken as that event left it.
    for (const ref of refs) {
      const pending = ref ? batch?.resource(ref) : undefined;
      if (pending) found.set(ref!, pending);
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

  /** The receiving resource; one on another instance that we have never seen is kept as a reference. */
  private async resourceOrShadow(tx: FlowsExecutor, ref: string, from: ResourceRow | null, context: RecordContext): Promise<ResourceRow> {
    const host = isHttpUrl(ref) ? hostOf(ref) : null;
    if (!host || host === hostOf(this.services.config.publicUrl) || context.remote) {
      throw new BadUserInputError(`toResourceInventoriedAs: no economic resource ${ref}.`, 'toResourceInventoriedAs');
    }
    return this.shadowResource(tx, ref, { name: from?.name ?? ref, unit: from?.unit ?? null });
  }

  /** A reference to a resource on another instance: no quantities of ours, only what links to it. */
  async shadowResource(tx: FlowsExecutor, uri: string, facts: { name: string; unit: string | null; trackingIdentifier?: string | null; ofBatchLot?: string | null }): Promise<ResourceRow> {
    const existing = await tx.selectFrom('economic_flows_resources').selectAll().where('uri', '=', uri).executeTakeFirst();
    if (existing) return existing;
    const row = blankResource(randomUUID(), uri, facts.name.slice(0, 500), this.services.clock.now());
    Object.assign(row, { origin: hostOf(uri), unit: facts.unit, tracking_identifier: facts.trackingIdentifier ?? null, of_batch_lot: facts.ofBatchLot ?? null });
    await tx.insertInto('economic_flows_resources').values(row).execute();
    return row;
  }

  private async links(tx: FlowsExecutor, input: EventInput) {
    return {
      fulfills: input.fulfills ? await this.intentOfKind(tx, input.fulfills, 'fulfills', 'commitment') : null,
      satisfies: input.satisfies ? await this.intentOfKind(tx, input.satisfies, 'satisfies', 'intent') : null,
      settles: input.settles ? await findByRef(tx, 'economic_flows_claims', input.settles, 'settles', 'claim') : null,
      realizationOf: input.realizationOf ? await findByRef(tx, 'economic_flows_agreements', input.realizationOf, 'realizationOf', 'agreement') : null,
    };
  }

  private async intentOfKind(tx: FlowsExecutor, ref: string, field: string, kind: 'intent' | 'commitment') {
    const row = await findByRef(tx, 'economic_flows_intents', ref, field, kind);
    if (row.kind !== kind) throw new BadUserInputError(`${field}: ${ref} is a ${row.kind}, not a ${kind}.`, field);
    return row;
  }

  private async newResource(
    tx: FlowsExecutor,
    facts: { name: string | null; newResource?: NewResourceInput | null; spec?: { id: string } | null; copyOf?: ResourceRow; unit: UnitRow | null },
  ): Promise<ResourceRow> {
    const id = randomUUID();
    const name = facts.name?.trim();
    if (!name) throw new BadUserInputError('newInventoriedResource.name is required (or a resourceConformsTo to name it after).', 'newInventoriedResource');
    const row = blankResource(id, objectUri(this.services.config.publicUrl, 'resources', id), name.slice(0, 500), this.services.clock.now());
    const source = facts.copyOf;
    const conformsTo = facts.newResource?.conformsTo
      ? (await findByRef(tx, 'economic_flows_resource_specifications', facts.newResource.conformsTo, 'newInventoriedResource', 'resource specification')).id
      : (facts.spec?.id ?? (source?.origin === null ? source.conforms_to : null));
    Object.assign(row, {
      note: facts.newResource?.note ?? null,
      conforms_to: conformsTo,
      tracking_identifier: facts.newResource?.trackingIdentifier ?? source?.tracking_identifier ?? null,
      of_batch_lot: facts.newResource?.ofBatchLot ?? source?.of_batch_lot ?? null,
      current_location: facts.newResource?.currentLocation ?? null,
      unit: facts.unit?.id ?? null,
    });
    await tx.insertInto('economic_flows_resources').values(row).execute();
    return row;
  }

  private async defaultUnit(tx: FlowsExecutor, spec: { default_unit_of_resource: string | null } | null): Promise<UnitRow | null> {
    return spec?.default_unit_of_resource ? this.unit(tx, spec.default_unit_of_resource) : null;
  }

  private async unit(tx: FlowsExecutor, id: string): Promise<UnitRow> {
    return unitById(tx, id);
  }

  /**
   * The event's quantity in the resource's unit: refused when the dimensions differ. A resource without a
   * unit takes the event's (written with the event's other changes to it).
   */
  private async quantityIn(tx: FlowsExecutor, quantity: CheckedQuantity | null, resource: ResourceRow | null, field: string): Promise<number | null> {
    if (!quantity || !resource) return null;
    if (!resource.unit) {
      resource.unit = quantity.unit.id;
      return quantity.value;
    }
    return convert(quantity.value, quantity.unit, await this.unit(tx, resource.unit), field);
  }

  private signable(
    input: EventInput,
    action: ActionDefinition,
    provider: AgentRow,
    receiver: AgentRow,
    from: ResourceRow | null,
    to: ResourceRow | null,
    inputOf: ProcessRow | null,
    outputOf: ProcessRow | null,
    spec: { uri: string } | null,
    corrected: EventRow | null,
    links: Awaited<ReturnType<EventRecorder['links']>>,
    times: Record<'hasPointInTime' | 'hasBeginning' | 'hasEnd', Date | null>,
    quantities: { resource: CheckedQuantity | null; effort: CheckedQuantity | null },
  ): SignableEvent {
    const quantity = (q: CheckedQuantity | null) => (q ? { hasNumericalValue: q.value, hasUnit: q.unit.id } : undefined);
    const iso = (date: Date | null) => date?.toISOString();
    return {
      action: action.id,
      provider: provider.uri,
      receiver: receiver.uri,
      resourceInventoriedAs: from?.uri,
      toResourceInventoriedAs: to?.uri,
      resourceConformsTo: spec?.uri,
      resourceQuantity: quantity(quantities.resource),
      effortQuantity: quantity(quantities.effort),
      inputOf: inputOf?.uri,
      outputOf: outputOf?.uri,
      hasPointInTime: iso(times.hasPointInTime),
      hasBeginning: iso(times.hasBeginning),
      hasEnd: iso(times.hasEnd),
      atLocation: input.atLocation ?? undefined,
      toLocation: input.toLocation ?? undefined,
      state: input.state ?? undefined,
      note: input.note ?? undefined,
      corrects: corrected?.uri,
      fulfills: links.fulfills?.uri,
      satisfies: links.satisfies?.uri,
      settles: links.settles?.uri,
      realizationOf: links.realizationOf?.uri,
    };
  }

  /**
   * The signature must be the provider's (or, for a local event, the recording person's when they act
   * for the provider) over the canonical form, verified with node:crypto. Without one, an organisation
   * with a server-held key is signed for; otherwise it is refused when signatures are required.
   */
  private checkSignature(
    input: EventInput,
    payload: string,
    provider: AgentRow,
    context: RecordContext,
  ): { signature: string | null; signerPublicKey: string | null; verified: boolean } {
    if (input.signature || input.signerPublicKey) {
      if (!input.signature) throw new BadUserInputError('signature is required with signerPublicKey.', 'signature');
      if (!input.signerPublicKey) throw new BadUserInputError('signerPublicKey is required with a signature.', 'signerPublicKey');
      const allowed = [provider.eddsa_public_key, context.remote ? null : context.recorder?.eddsa_public_key].filter((key): key is string => !!key);
      if (!allowed.includes(input.signerPublicKey)) {
        throw new BadUserInputError(
          `signerPublicKey is not the provider's: the event must be signed by ${provider.name}${context.remote ? '' : ' (or by you, recording for them)'} with a registered key.`,
          'signerPublicKey',
        );
      }
      if (!verifyEd25519(payload, input.signature, input.signerPublicKey)) {
        throw new BadUserInputError('signature does not verify: it is not the signer’s signature of this event’s canonical (JCS) form.', 'signature');
      }
      return { signature: input.signature, signerPublicKey: input.signerPublicKey, verified: true };
    }
    if (provider.server_eddsa_secret_key && provider.origin === null && !context.remote) {
      return { signature: signEd25519(payload, provider.server_eddsa_secret_key), signerPublicKey: provider.eddsa_public_key, verified: true };
    }
    if (this.settings.requireSignatures) {
      throw new BadUserInputError(
        provider.eddsa_public_key || context.recorder?.eddsa_public_key
          ? 'signature is required: sign the event’s canonical form (economicEventSigningPayload) with your EdDSA key.'
          : 'signature is required, and neither the provider nor you have a registered EdDSA key (setAgentPublicKey).',
        'signature',
      );
    }
    return { signature: null, signerPublicKey: null, verified: false };
  }

}

/**
 * A batch's writes, kept until its last event is checked: then every event is one multi-row insert and
 * every resource it changed one upsert of its final state (two statements for the batch, not two per event).
 */
class BatchWrites {
  /** The rows to insert, and the rows handed back to the caller (their seq is set once written). */
  private readonly events: Array<{ insert: Omit<EventRow, 'seq'>; row: EventRow }> = [];
  private readonly resources = new Map<string, ResourceRow>();

  /** The batch's events checked so far, not yet written. */
  get pendingEvents(): ReadonlyArray<Omit<EventRow, 'seq'>> {
    return this.events.map(({ insert }) => insert);
  }

  /** The state an earlier event of the batch left a resource in (by id or URI). */
  resource(ref: string): ResourceRow | undefined {
    return this.resources.get(ref) ?? [...this.resources.values()].find((row) => row.uri === ref);
  }

  add(event: Omit<EventRow, 'seq'>, changed: ResourceRow[]): EventRow {
    const row = { ...event, seq: 0 } as EventRow;
    this.events.push({ insert: { ...event }, row });
    for (const resource of changed) this.resources.set(resource.id, resource);
    return row;
  }

  async flush(tx: FlowsExecutor): Promise<void> {
    const rows = this.events.map(({ insert }) => insert);
    const stored = await tx
      .insertInto('economic_flows_events')
      .values(rows as never)
      .onConflict((oc) => oc.column('signature').doNothing())
      .returning(['id', 'seq'])
      .execute();
    if (stored.length !== rows.length) {
      const index = this.events.findIndex(({ insert }) => !stored.some((row) => row.id === insert.id));
      throw new ConflictError(`events[${index}]: this signed event is already recorded (or given twice).`, 'signature');
    }
    const seqs = new Map(stored.map((row) => [row.id, Number(row.seq)]));
    for (const { row } of this.events) row.seq = seqs.get(row.id)!;
    if (this.resources.size === 0) return;
    const columns = Object.keys(this.resources.values().next().value!).filter((column) => column !== 'id') as Array<keyof ResourceRow>;
    await tx
      .insertInto('economic_flows_resources')
      .values([...this.resources.values()])
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)])) as never))
      .execute();
  }
}

/** Provider and receiver already resolved (and the recorder authorised for them) in this batch, by their references. */
type PartiesCache = Map<string, [AgentRow, AgentRow]>;

interface PreparedEvent {
  action: ActionDefinition;
  input: EventInput;
  newResource: NewResourceInput | null;
  provider: AgentRow;
  receiver: AgentRow;
}

/** The resource after the event: its row with the effects' columns and the event as its last. */
function changed(resource: ResourceRow, change: ResourceChange, eventId: string): ResourceRow {
  return { ...resource, ...columnsOf(change), previous_event: eventId };
}

function lockedOrRefused(locked: Map<string, ResourceRow>, ref: string, field: string): ResourceRow {
  const row = locked.get(ref);
  if (!row) throw new BadUserInputError(`${field}: no economic resource ${ref}.`, field);
  return row;
}

/** Runs one event of a batch; a refusal names the event's index. */
async function atIndex<T>(index: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CommonplaceError) throw new CommonplaceError(error.code, `events[${index}]: ${error.message}`, { ...error.extensions, index });
    throw error;
  }
}

/** Rolls the payload-only run's transaction back, carrying the payload out. */
class PayloadOnly extends Error {
  constructor(readonly payload: string) {
    super('payload only');
  }
}

function blankResource(id: string, uri: string, name: string, now: Date): ResourceRow {
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

const COLUMNS: Record<keyof ResourceState, keyof ResourceRow> = {
  accountingQuantity: 'accounting_quantity',
  onhandQuantity: 'onhand_quantity',
  currentLocation: 'current_location',
  containedIn: 'contained_in',
  primaryAccountable: 'primary_accountable',
  custodian: 'custodian',
  stage: 'stage',
  state: 'state',
};

function columnsOf(change: ResourceChange): Partial<ResourceRow> {
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(change)) set[COLUMNS[field as keyof ResourceState]] = value;
  return set as Partial<ResourceRow>;
}

function auditOf(resource: ResourceRow | null, change: ResourceChange): AuditEntry[] {
  if (!resource) return [];
  const before = stateOf(resource);
  return Object.entries(change)
    .filter(([field, value]) => before[field as keyof ResourceState] !== value)
    .map(([field, value]) => ({ resource: resource.id, field, before: before[field as keyof ResourceState], after: value }));
}

/** Consuming, transferring... more than is there: refused, unless the instance allows negative stock. */
function checkStock(resource: ResourceRow | null, change: ResourceChange, quantity: CheckedQuantity | null, field: string): void {
  if (!resource) return;
  for (const [key, label] of [['onhandQuantity', 'on hand'], ['accountingQuantity', 'accounted for']] as const) {
    const after = change[key];
    const before = Number(resource[COLUMNS[key] as 'onhand_quantity' | 'accounting_quantity']);
    if (after !== undefined && after < 0 && after < before) {
      throw new BadUserInputError(
        `${field}: ${quantity?.value} ${quantity?.unit.id} is more than the ${before} ${resource.unit ?? ''} ${label} of ${resource.name}.`.replace(/\s+/g, ' '),
        field,
      );
    }
  }
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

function parseTime(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`${field} is not a date-time (ISO 8601).`, field);
  return date;
}
