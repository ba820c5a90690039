import { randomUUID } from 'node:crypto';
import { BadUserInputError, ForbiddenError, type ActivityPubObject } from '@commonplace/sdk';
import type { AgentRow, EventRow, FlowsExecutor, ProcessRow, ResourceRow } from '../db/tables.js';
import { hostOf } from '../model/refs.js';
import { AgentDirectory } from '../services/agents.js';
import { EventRecorder } from '../services/event-recorder.js';
import type { EventInput } from '../services/event-input.js';
import { canonicalEvent, type SignableEvent } from '../signatures/canonical-event.js';
import { verifyEd25519 } from '../signatures/ed25519.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import { embedded, link, quantity, text, typeOf } from './read-object.js';
import type { EconomicFlowsServices } from '../services.js';

const SIGNED_FIELDS = [
  'action', 'provider', 'receiver', 'resourceInventoriedAs', 'toResourceInventoriedAs', 'resourceConformsTo', 'resourceQuantity',
  'effortQuantity', 'inputOf', 'outputOf', 'hasPointInTime', 'hasBeginning', 'hasEnd', 'atLocation', 'toLocation', 'state', 'note',
  'corrects', 'fulfills', 'satisfies', 'settles', 'realizationOf',
] as const;

/**
 * A Create of an EconomicEvent from another instance. Core has checked the HTTP signature, that the
 * object lives on the sender's host and that the activity is new. Here: the event is signed by its
 * provider (Ed25519 over the JCS text it carries, matching its fields), the provider is the sender, and
 * it has not been recorded before; then its history is kept for tracing and the event is recorded with
 * this side's effects only, as far as docs/federation.md ("Received economic events") allows. A refused
 * event throws the sdk's typed error (FORBIDDEN, BAD_USER_INPUT), which the inbox answers with a 4xx and
 * its reason, so that the sender does not retry what retrying cannot change; nothing is written.
 */
export async function receiveEconomicEvent(activity: ActivityPubObject, object: ActivityPubObject, services: EconomicFlowsServices): Promise<void> {
  const log = services.log.child({ plugin: PLUGIN_ID, activity: activity.id });
  const tx = services.db;
  const uri = text(object.id, 2_000);
  const origin = uri ? hostOf(uri) : null;
  const refuse = (reason: string): never => {
    throw new BadUserInputError(`economic event refused: ${reason}.`);
  };
  const forbid = (reason: string): never => {
    throw new ForbiddenError(`economic event refused: ${reason}.`);
  };
  if (!uri || !origin) return refuse('no id');
  if (await tx.selectFrom('economic_flows_events').select('id').where('uri', '=', uri).executeTakeFirst()) {
    log.info({ event: uri }, 'economic event already recorded: ignored');
    return;
  }
  const providerUri = link(object.provider);
  if (!providerUri || providerUri !== link(activity.actor)) return forbid('the provider is not the actor that sent it');

  const signed = readSignature(object);
  const settings = services.config.settings;
  if (!signed.ok) return refuse(signed.reason);
  if (!signed.payload && settings.requireSignatures) return refuse('unsigned, and this instance requires signatures');
  const agents = new AgentDirectory(services);
  // The sender vouches for its own agent's key (and nobody else's).
  const provider = await agents.storeRemote(embedded(object.provider) ?? { id: providerUri }, providerUri, tx);
  if (provider.origin !== origin) return forbid('the provider does not live on the instance the event comes from');
  if (signed.payload) {
    if (signed.signerPublicKey !== provider.eddsa_public_key) return forbid('the signer is not the provider');
    if (!verifyEd25519(signed.payload, signed.signature!, signed.signerPublicKey!)) return forbid('the signature does not verify');
  }

  const stated = signed.fields ?? readFields(object);
  const receiverUri = stated.receiver;
  if (!receiverUri) return refuse('no receiver');
  const receiverEmbedded = embedded(object.receiver);
  if (hostOf(receiverUri) !== hostOf(services.config.publicUrl) && receiverEmbedded) await agents.storeRemote(receiverEmbedded, receiverUri, tx);

  const copies = new RemoteCopies(services, tx, origin);
  await copies.importHistory(Array.isArray(object.history) ? object.history : []);
  if (stated.resourceInventoriedAs) await copies.resource(stated.resourceInventoriedAs, embedded(object.resourceInventoriedAs));
  for (const process of [stated.inputOf, stated.outputOf]) if (process) await copies.process(process);

  const input: EventInput = {
    ...stated,
    action: stated.action ?? '',
    provider: providerUri,
    receiver: receiverUri,
    hasPointInTime: stated.hasPointInTime ?? text(object.hasPointInTime),
    // Links to what we do not hold (a remote intent, claim, agreement) stay in the signed text only.
    corrects: await copies.known('economic_flows_events', stated.corrects),
    fulfills: await copies.known('economic_flows_intents', stated.fulfills),
    satisfies: await copies.known('economic_flows_intents', stated.satisfies),
    settles: await copies.known('economic_flows_claims', stated.settles),
    realizationOf: await copies.known('economic_flows_agreements', stated.realizationOf),
    resourceConformsTo: stated.resourceConformsTo ? await copies.spec(stated.resourceConformsTo) : undefined,
    signature: signed.signature ?? null,
    signerPublicKey: signed.signerPublicKey ?? null,
  };
  const recorded = await new EventRecorder(services).record(input, null, {
    recorder: null,
    remote: { uri, origin, signedPayload: signed.payload ?? null },
  });
  log.info({ event: uri, id: recorded.event.id, action: recorded.event.action }, 'economic event received');
}

type Signed =
  | { ok: true; payload: string; signature: string; signerPublicKey: string; fields: SignableEvent }
  | { ok: true; payload?: undefined; signature?: undefined; signerPublicKey?: undefined; fields?: undefined }
  | { ok: false; reason: string };

/** The signature an event carries, with its signed text, which must say what the object's fields say. */
function readSignature(object: ActivityPubObject): Signed {
  const payload = text(object.signedPayload, 100_000);
  const signature = text(object.eventSignature, 200);
  const signerPublicKey = text(object.signerPublicKey, 200);
  if (!payload && !signature) return { ok: true };
  if (!payload || !signature || !signerPublicKey) return { ok: false, reason: 'a signature without its signed text or key' };
  let fields: SignableEvent;
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    const { '@type': _type, ...rest } = parsed;
    fields = rest as unknown as SignableEvent;
  } catch {
    return { ok: false, reason: 'the signed text is not JSON' };
  }
  if (canonicalEvent(fields) !== payload) return { ok: false, reason: 'the signed text is not in canonical (JCS) form' };
  const stated = readFields(object);
  for (const field of ['action', 'provider', 'receiver', 'resourceInventoriedAs', 'toResourceInventoriedAs', 'resourceQuantity', 'effortQuantity', 'inputOf', 'outputOf'] as const) {
    // A resource the event itself created could not be named when it was signed.
    const createdByEvent = (field === 'resourceInventoriedAs' || field === 'toResourceInventoriedAs') && fields[field] === undefined;
    if (!createdByEvent && JSON.stringify(stated[field] ?? null) !== JSON.stringify(fields[field] ?? null)) {
      return { ok: false, reason: `the object's ${field} differs from the signed text` };
    }
  }
  return { ok: true, payload, signature, signerPublicKey, fields };
}

/** The event's own fields, in the signed form's shape. */
function readFields(object: ActivityPubObject): SignableEvent {
  const fields: Record<string, unknown> = {};
  for (const field of SIGNED_FIELDS) {
    const value = object[field];
    if (field === 'resourceQuantity' || field === 'effortQuantity') fields[field] = quantity(value);
    else if (['action', 'hasPointInTime', 'hasBeginning', 'hasEnd', 'atLocation', 'toLocation', 'state', 'note'].includes(field)) fields[field] = text(value);
    else fields[field] = link(value);
  }
  return fields as unknown as SignableEvent;
}

/**
 * Copies of another instance's objects, kept so that tracing here follows them: resources and processes
 * as references without quantities, events with their signatures checked, none of them applying effects.
 */
class RemoteCopies {
  private readonly agents: AgentDirectory;
  private readonly localHost: string | null;

  constructor(private readonly services: EconomicFlowsServices, private readonly tx: FlowsExecutor, private readonly origin: string) {
    this.agents = new AgentDirectory(services);
    this.localHost = hostOf(services.config.publicUrl);
  }

  async known(table: 'economic_flows_events' | 'economic_flows_intents' | 'economic_flows_claims' | 'economic_flows_agreements', uri: string | undefined) {
    if (!uri) return undefined;
    const row = await this.tx.selectFrom(table).select('id').where('uri', '=', uri).executeTakeFirst();
    return row ? uri : undefined;
  }

  async importHistory(items: unknown[]): Promise<void> {
    const limit = this.services.config.settings.federation.maxHistoryItems;
    for (const item of items.slice(0, limit)) {
      const object = embedded(item);
      const uri = object ? link(object) : undefined;
      // A sender vouches for its own objects only: a copy of another instance's event would pass for it
      // (and its real event, arriving later, be ignored as already recorded); nothing imitates ours either.
      if (!object || !uri || hostOf(uri) !== this.origin || hostOf(uri) === this.localHost) continue;
      const type = typeOf(object);
      if (type === 'EconomicResource') await this.resource(uri, object);
      else if (type === 'Process') await this.process(uri, object);
      else if (type === 'EconomicEvent') await this.event(uri, object);
    }
  }

  async resource(uri: string, object?: ActivityPubObject): Promise<ResourceRow> {
    const existing = await this.tx.selectFrom('economic_flows_resources').selectAll().where('uri', '=', uri).executeTakeFirst();
    if (existing) return existing;
    const row: ResourceRow = {
      id: randomUUID(),
      uri,
      name: text(object?.name, 500) ?? uri,
      note: text(object?.note) ?? null,
      conforms_to: null,
      tracking_identifier: text(object?.trackingIdentifier, 500) ?? null,
      of_batch_lot: text(object?.ofBatchLot, 500) ?? null,
      unit: await this.unitOf(object?.accountingQuantity),
      accounting_quantity: 0,
      onhand_quantity: 0,
      primary_accountable: null,
      custodian: null,
      current_location: text(object?.currentLocation, 2_000) ?? null,
      contained_in: null,
      stage: null,
      state: text(object?.state, 2_000) ?? null,
      previous_event: null,
      origin: hostOf(uri),
      created_at: this.services.clock.now(),
    };
    await this.tx.insertInto('economic_flows_resources').values(row).execute();
    return row;
  }

  async process(uri: string, object?: ActivityPubObject): Promise<ProcessRow> {
    const existing = await this.tx.selectFrom('economic_flows_processes').selectAll().where('uri', '=', uri).executeTakeFirst();
    if (existing) return existing;
    const row: ProcessRow = {
      id: randomUUID(),
      uri,
      name: text(object?.name, 500) ?? uri,
      note: text(object?.note) ?? null,
      based_on: null,
      planned_within: null,
      finished: object?.finished === true,
      has_beginning: null,
      has_end: null,
      origin: hostOf(uri),
      created_at: this.services.clock.now(),
    };
    await this.tx.insertInto('economic_flows_processes').values(row).execute();
    return row;
  }

  async spec(uri: string): Promise<string> {
    const existing = await this.tx.selectFrom('economic_flows_resource_specifications').select('uri').where('uri', '=', uri).executeTakeFirst();
    if (!existing) {
      await this.tx
        .insertInto('economic_flows_resource_specifications')
        .values({ id: randomUUID(), uri, name: uri, note: null, default_unit_of_resource: null, default_unit_of_effort: null, origin: hostOf(uri), created_at: this.services.clock.now() })
        .execute();
    }
    return uri;
  }

  /** An earlier event, as a copy for tracing: its signature is checked and the result kept. */
  private async event(uri: string, object: ActivityPubObject): Promise<void> {
    if (await this.tx.selectFrom('economic_flows_events').select('id').where('uri', '=', uri).executeTakeFirst()) return;
    const signed = readSignature(object);
    // What was signed wins; the object adds only what the signature could not cover (a resource it created).
    const fields = signed.ok && signed.fields ? { ...readFields(object), ...signed.fields } : readFields(object);
    const provider = await this.agent(fields.provider, embedded(object.provider));
    const receiver = await this.agent(fields.receiver, embedded(object.receiver));
    if (!provider || !receiver || !fields.action) return;
    const verified = signed.ok && !!signed.payload && signed.signerPublicKey === provider.eddsa_public_key && verifyEd25519(signed.payload, signed.signature!, signed.signerPublicKey!);
    const from = fields.resourceInventoriedAs ? await this.resource(fields.resourceInventoriedAs, embedded(object.resourceInventoriedAs)) : null;
    const to = fields.toResourceInventoriedAs ? await this.resource(fields.toResourceInventoriedAs) : null;
    const inputOf = fields.inputOf ? await this.process(fields.inputOf) : null;
    const outputOf = fields.outputOf ? await this.process(fields.outputOf) : null;
    const units = async (q: SignableEvent['resourceQuantity']) => (q && (await this.unitExists(q.hasUnit)) ? q : undefined);
    const resourceQuantity = await units(fields.resourceQuantity);
    const effortQuantity = await units(fields.effortQuantity);
    const time = (value: string | undefined) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value) : null);
    const row: Omit<EventRow, 'seq'> = {
      id: randomUUID(),
      uri,
      action: fields.action,
      provider: provider.id,
      receiver: receiver.id,
      resource_inventoried_as: from?.id ?? null,
      to_resource_inventoried_as: to?.id ?? null,
      resource_conforms_to: null,
      resource_quantity_value: resourceQuantity?.hasNumericalValue ?? null,
      resource_quantity_unit: resourceQuantity?.hasUnit ?? null,
      effort_quantity_value: effortQuantity?.hasNumericalValue ?? null,
      effort_quantity_unit: effortQuantity?.hasUnit ?? null,
      input_of: inputOf?.id ?? null,
      output_of: outputOf?.id ?? null,
      has_point_in_time: time(fields.hasPointInTime ?? text(object.hasPointInTime)),
      has_beginning: time(fields.hasBeginning),
      has_end: time(fields.hasEnd),
      at_location: fields.atLocation ?? null,
      to_location: fields.toLocation ?? null,
      state: fields.state ?? null,
      note: fields.note ?? null,
      corrects: null,
      fulfills: null,
      satisfies: null,
      settles: null,
      realization_of: null,
      previous_event: null,
      signed_payload: signed.ok ? (signed.payload ?? null) : null,
      signature: verified ? signed.signature! : null,
      signer_public_key: verified ? signed.signerPublicKey! : null,
      signature_verified: verified,
      recorded_by: null,
      effects: JSON.stringify([]),
      origin: hostOf(uri),
      created_at: this.services.clock.now(),
    };
    await this.tx.insertInto('economic_flows_events').values(row).onConflict((oc) => oc.doNothing()).execute();
  }

  private async agent(uri: string | undefined, object: ActivityPubObject | undefined): Promise<AgentRow | null> {
    if (!uri) return null;
    const known = await this.tx.selectFrom('economic_flows_agents').selectAll().where('uri', '=', uri).executeTakeFirst();
    if (known) return known;
    if (hostOf(uri) === this.localHost) return null;
    // Keys are taken only from the instance the agent lives on.
    const document = object && hostOf(uri) === this.origin ? object : { id: uri, name: text(object?.name, 200) ?? uri, type: object?.type };
    return this.agents.storeRemote(document as ActivityPubObject, uri, this.tx);
  }

  private async unitOf(value: unknown): Promise<string | null> {
    const q = quantity(value);
    return q && (await this.unitExists(q.hasUnit)) ? q.hasUnit : null;
  }

  private async unitExists(id: string): Promise<boolean> {
    return (await this.tx.selectFrom('economic_flows_units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }
}
