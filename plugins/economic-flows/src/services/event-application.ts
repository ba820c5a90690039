import { randomUUID } from 'node:crypto';
import type { Clock } from '@commonplace/sdk';
import { effectsOf } from '../actions/effects.js';
import type { FlowsExecutor, ResourceRow, UnitRow } from '../db/tables.js';
import { unitById, type CheckedQuantity } from '../model/quantities.js';
import { objectUri } from '../model/refs.js';
import { convert } from '../model/units.js';
import type { EconomicFlowsSettings } from '../settings.js';
import type { EventAuthority } from './event-authority.js';
import { resolveEvent, type ResolvedEvent } from './event-resolution.js';
import { checkSignature, signingPayloadOf } from './event-signature.js';
import { writeEvent, type BatchWrites, type NewEventRow } from './event-writes.js';
import type { PreparedEvent, RecordContext, RecordedEvent } from './recorded-event.js';
import { auditOf, changed, checkStock, describeNewResource, stateOf } from './resource-rows.js';

/** What applying an event needs of the instance. */
export interface ApplicationDeps {
  authority: EventAuthority;
  clock: Clock;
  publicUrl: string;
  settings: EconomicFlowsSettings;
}

/** One event to apply in a transaction, as `EventRecorder` hands it over. */
export interface ApplyOptions {
  tx: FlowsExecutor;
  event: PreparedEvent;
  context: RecordContext;
  /** In a batch, its writes wait for the last event (and earlier events' resources are taken as they left them). */
  batch?: BatchWrites;
}

/** An event resolved, authorised and with the resource it creates described (not yet stored). */
interface CheckedEvent extends ResolvedEvent {
  created: ResourceRow | null;
}

/**
 * Applies one prepared event inside a transaction: resolves what it names, checks who may record it
 * (event-authority.ts), creates the resource it brings into being, checks its signature over its
 * canonical form, computes its effects from the ValueFlows table and writes it with the resources' new state.
 */
export class EventApplication {
  constructor(private readonly deps: ApplicationDeps) {}

  /** The canonical text to sign for an event, after the checks recording it would make; nothing is written. */
  async payload(options: Omit<ApplyOptions, 'batch'>): Promise<string> {
    return signingPayloadOf(await this.check(options, true));
  }

  async apply(options: ApplyOptions): Promise<RecordedEvent> {
    const { tx, context, batch } = options;
    const checked = await this.check(options, false);
    const { action, input, provider, receiver, quantities, inputOf, outputOf, spec, corrected, links, times, created } = checked;
    if (created) await tx.insertInto('economic_flows_resources').values(created).execute();
    const fromResource = checked.creates === 'from' ? created : checked.from;
    const toResource = checked.creates === 'to' ? created : checked.to;
    // Only this instance's resources change here; a federated copy changes on its own instance.
    const localFrom = fromResource && fromResource.origin === null ? fromResource : null;
    const localTo = toResource && toResource.origin === null ? toResource : null;

    const payload = context.remote?.signedPayload ?? signingPayloadOf(checked);
    const signature = checkSignature(input, payload, provider, context, this.deps.settings.requireSignatures);

    const effects = effectsOf({
      action,
      fromQuantity: await quantityIn(tx, quantities.resource, localFrom, 'resourceQuantity'),
      toQuantity: await quantityIn(tx, quantities.resource, localTo, 'resourceQuantity'),
      receiver: receiver.id,
      atLocation: input.atLocation ?? null,
      toLocation: input.toLocation ?? null,
      state: input.state ?? null,
      toResourceId: toResource?.id ?? null,
      outputStage: outputOf?.based_on ?? null,
      from: localFrom ? stateOf(localFrom) : null,
      to: localTo ? stateOf(localTo) : null,
      created: checked.creates,
      quantitiesOnly: corrected !== null,
    });
    if (!this.deps.settings.allowNegativeStock) {
      checkStock(localFrom, effects.from, quantities.resource, 'resourceQuantity');
      checkStock(localTo, effects.to, quantities.resource, 'resourceQuantity');
    }

    const id = randomUUID();
    const audit = [...auditOf(localFrom, effects.from), ...auditOf(localTo, effects.to)];
    const event: NewEventRow = {
      id,
      uri: context.remote?.uri ?? objectUri(this.deps.publicUrl, 'events', id),
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
      created_at: this.deps.clock.now(),
    };
    // The breadcrumb the spec suggests for ordering cycles: each resource remembers its last event.
    const updatedFrom = localFrom ? changed(localFrom, effects.from, id) : null;
    const updatedTo = localTo && localTo.id !== localFrom?.id ? changed(localTo, effects.to, id) : null;
    const changedRows = [updatedFrom, updatedTo].filter((row): row is ResourceRow => row !== null);
    const stored = batch ? batch.add(event, changedRows) : await writeEvent(tx, event, [changedRows[0], changedRows[1]]);
    stored.effects = audit; // as the database gives jsonb back (the same object: a batch sets its seq later)
    const resource = checked.creates === 'from' ? updatedFrom : checked.creates === 'to' ? updatedTo : (updatedFrom ?? updatedTo ?? fromResource ?? null);
    return { event: stored, resource, provider, receiver };
  }

  /** Everything recording checks before the signature: what the event names, who may record it, the resource it creates. */
  private async check({ tx, event, context, batch }: ApplyOptions, payloadOnly: boolean): Promise<CheckedEvent> {
    const now = this.deps.clock.now();
    const resolved = await resolveEvent({ tx, event, remote: !!context.remote, payloadOnly, batch, publicUrl: this.deps.publicUrl, now });
    const { action, provider, receiver, from, to, spec, corrected, links, quantities, newResource } = resolved;
    await this.deps.authority.check(tx, {
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
    const at = { publicUrl: this.deps.publicUrl, now };
    const created =
      resolved.creates === 'from'
        ? await describeNewResource(tx, { name: newResource?.name ?? spec?.name ?? null, newResource, spec, unit: eventUnit ?? (await defaultUnit(tx, spec)) }, at)
        : resolved.creates === 'to' && from
          ? await describeNewResource(tx, { name: from.name, copyOf: from, unit: from.unit ? await unitById(tx, from.unit) : eventUnit }, at)
          : null;
    return { ...resolved, created };
  }
}

async function defaultUnit(tx: FlowsExecutor, spec: { default_unit_of_resource: string | null } | null): Promise<UnitRow | null> {
  return spec?.default_unit_of_resource ? unitById(tx, spec.default_unit_of_resource) : null;
}

/**
 * The event's quantity in the resource's unit: refused when the dimensions differ. A resource without a
 * unit takes the event's (written with the event's other changes to it).
 */
async function quantityIn(tx: FlowsExecutor, quantity: CheckedQuantity | null, resource: ResourceRow | null, field: string): Promise<number | null> {
  if (!quantity || !resource) return null;
  if (!resource.unit) {
    resource.unit = quantity.unit.id;
    return quantity.value;
  }
  return convert(quantity.value, quantity.unit, await unitById(tx, resource.unit), field);
}
