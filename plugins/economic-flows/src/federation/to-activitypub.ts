import { plainTextForFederation, type ActivityPubObject } from '@commonplace/sdk';
import type { AgentRow, EventRow, FlowsExecutor, ProcessRow, ResourceRow } from '../db/tables.js';
import { VALUEFLOWS_CONTEXT } from './context.js';

/**
 * Rows as ActivityStreams objects with ValueFlows terms; links are the linked objects' URIs. `name`
 * (ActivityStreams) and `note` (ValueFlows) are plain text and go without markup (sdk text.ts); an
 * event's signed text keeps its note as signed, and receivers read the note from there.
 */
export class ActivityPubWriter {
  private readonly agents = new Map<string, AgentRow | null>();
  private readonly resources = new Map<string, ResourceRow | null>();
  private readonly processes = new Map<string, ProcessRow | null>();
  private readonly specs = new Map<string, string | null>();

  constructor(private readonly tx: FlowsExecutor) {}

  agent(row: AgentRow): ActivityPubObject {
    return {
      type: row.agent_type,
      id: row.uri,
      name: plainText(row.name),
      ...(row.eddsa_public_key ? { eddsaPublicKey: row.eddsa_public_key } : {}),
    };
  }

  async resource(row: ResourceRow): Promise<ActivityPubObject> {
    const unit = row.unit;
    return clean({
      type: 'EconomicResource',
      id: row.uri,
      name: plainText(row.name),
      note: plainText(row.note),
      conformsTo: await this.specUri('economic_flows_resource_specifications', row.conforms_to),
      trackingIdentifier: row.tracking_identifier,
      ofBatchLot: row.of_batch_lot,
      // A copy of another instance's resource has no quantities of ours to tell.
      accountingQuantity: row.origin === null && unit ? { hasNumericalValue: Number(row.accounting_quantity), hasUnit: unit } : null,
      onhandQuantity: row.origin === null && unit ? { hasNumericalValue: Number(row.onhand_quantity), hasUnit: unit } : null,
      primaryAccountable: await this.agentUri(row.primary_accountable),
      custodian: await this.agentUri(row.custodian),
      currentLocation: row.current_location,
      containedIn: await this.resourceUri(row.contained_in),
      stage: await this.specUri('economic_flows_process_specifications', row.stage),
      state: row.state,
    });
  }

  async process(row: ProcessRow): Promise<ActivityPubObject> {
    return clean({
      type: 'Process',
      id: row.uri,
      name: plainText(row.name),
      note: plainText(row.note),
      basedOn: await this.specUri('economic_flows_process_specifications', row.based_on),
      finished: row.finished,
      hasBeginning: row.has_beginning ? new Date(row.has_beginning).toISOString() : null,
      hasEnd: row.has_end ? new Date(row.has_end).toISOString() : null,
    });
  }

  /** The event with its agents embedded (their keys verify the signature) and its resources as objects. */
  async event(row: EventRow): Promise<ActivityPubObject> {
    const provider = await this.agentRow(row.provider);
    const receiver = await this.agentRow(row.receiver);
    const from = row.resource_inventoried_as ? await this.resourceRow(row.resource_inventoried_as) : null;
    const to = row.to_resource_inventoried_as ? await this.resourceRow(row.to_resource_inventoried_as) : null;
    return clean({
      type: 'EconomicEvent',
      id: row.uri,
      attributedTo: provider?.uri,
      action: row.action,
      provider: provider ? this.agent(provider) : null,
      receiver: receiver ? this.agent(receiver) : null,
      resourceInventoriedAs: from ? await this.resource(from) : null,
      toResourceInventoriedAs: to ? to.uri : null,
      resourceConformsTo: await this.specUri('economic_flows_resource_specifications', row.resource_conforms_to),
      resourceQuantity: quantity(row.resource_quantity_value, row.resource_quantity_unit),
      effortQuantity: quantity(row.effort_quantity_value, row.effort_quantity_unit),
      inputOf: await this.processUri(row.input_of),
      outputOf: await this.processUri(row.output_of),
      hasPointInTime: row.has_point_in_time ? new Date(row.has_point_in_time).toISOString() : null,
      hasBeginning: row.has_beginning ? new Date(row.has_beginning).toISOString() : null,
      hasEnd: row.has_end ? new Date(row.has_end).toISOString() : null,
      atLocation: row.at_location,
      toLocation: row.to_location,
      state: row.state,
      note: plainText(row.note),
      corrects: await this.uriOf('economic_flows_events', row.corrects),
      fulfills: await this.uriOf('economic_flows_intents', row.fulfills),
      satisfies: await this.uriOf('economic_flows_intents', row.satisfies),
      settles: await this.uriOf('economic_flows_claims', row.settles),
      realizationOf: await this.uriOf('economic_flows_agreements', row.realization_of),
      eventSignature: row.signature,
      signerPublicKey: row.signer_public_key,
      signedPayload: row.signed_payload,
      published: new Date(row.created_at).toISOString(),
    });
  }

  /** An object as served on its own (with the context). */
  static withContext(object: ActivityPubObject): ActivityPubObject {
    return { '@context': ['https://www.w3.org/ns/activitystreams', VALUEFLOWS_CONTEXT], ...object };
  }

  private async agentRow(id: string): Promise<AgentRow | null> {
    if (!this.agents.has(id)) this.agents.set(id, (await this.tx.selectFrom('economic_flows_agents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null);
    return this.agents.get(id)!;
  }

  private async resourceRow(id: string): Promise<ResourceRow | null> {
    if (!this.resources.has(id)) this.resources.set(id, (await this.tx.selectFrom('economic_flows_resources').selectAll().where('id', '=', id).executeTakeFirst()) ?? null);
    return this.resources.get(id)!;
  }

  private async agentUri(id: string | null): Promise<string | null> {
    return id ? ((await this.agentRow(id))?.uri ?? null) : null;
  }

  private async resourceUri(id: string | null): Promise<string | null> {
    return id ? ((await this.resourceRow(id))?.uri ?? null) : null;
  }

  private async processUri(id: string | null): Promise<string | null> {
    if (!id) return null;
    if (!this.processes.has(id)) this.processes.set(id, (await this.tx.selectFrom('economic_flows_processes').selectAll().where('id', '=', id).executeTakeFirst()) ?? null);
    return this.processes.get(id)?.uri ?? null;
  }

  private async specUri(table: 'economic_flows_resource_specifications' | 'economic_flows_process_specifications', id: string | null): Promise<string | null> {
    if (!id) return null;
    if (!this.specs.has(id)) this.specs.set(id, (await this.tx.selectFrom(table).select('uri').where('id', '=', id).executeTakeFirst())?.uri ?? null);
    return this.specs.get(id)!;
  }

  private async uriOf(table: 'economic_flows_events' | 'economic_flows_intents' | 'economic_flows_claims' | 'economic_flows_agreements', id: string | null): Promise<string | null> {
    if (!id) return null;
    return (await this.tx.selectFrom(table).select('uri').where('id', '=', id).executeTakeFirst())?.uri ?? null;
  }
}

function plainText(text: string | null): string | null {
  return text === null ? null : plainTextForFederation(text);
}

function quantity(value: number | null, unit: string | null) {
  return value === null || unit === null ? null : { hasNumericalValue: Number(value), hasUnit: unit };
}

/** Drops null and undefined fields: absent is how ActivityStreams says "none". */
function clean(object: Record<string, unknown>): ActivityPubObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined)) as ActivityPubObject;
}
