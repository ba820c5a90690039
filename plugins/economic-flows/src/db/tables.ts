import type { Database, Executor, Generated } from '@commonplace/sdk';

/** Rows as Kysely reads them. Local rows have `origin` null; copies of federated ones name their host. */
export interface AgentRow {
  id: string;
  uri: string;
  agent_type: 'Person' | 'Organization';
  name: string;
  actor_id: string | null;
  origin: string | null;
  eddsa_public_key: string | null;
  /** Only for organisations that asked for a server-held key (base58, as Zenroom writes it). */
  server_eddsa_secret_key: string | null;
  created_at: Date;
}

export interface AgentRelationshipRow {
  id: string;
  subject_id: string;
  object_id: string;
  role: string;
  created_at: Date;
}

export interface UnitRow {
  id: string;
  label: string;
  symbol: string;
  om_unit_identifier: string | null;
  dimension: string;
  /** How many of the dimension's base unit one of this unit is (kg: 1, g: 0.001). */
  factor: number;
}

export interface SpecificationRow {
  id: string;
  uri: string;
  name: string;
  note: string | null;
  default_unit_of_resource: string | null;
  default_unit_of_effort: string | null;
  origin: string | null;
  created_at: Date;
}

export interface ResourceRow {
  id: string;
  uri: string;
  name: string;
  note: string | null;
  conforms_to: string | null;
  tracking_identifier: string | null;
  of_batch_lot: string | null;
  unit: string | null;
  accounting_quantity: number;
  onhand_quantity: number;
  primary_accountable: string | null;
  custodian: string | null;
  current_location: string | null;
  contained_in: string | null;
  stage: string | null;
  state: string | null;
  previous_event: string | null;
  origin: string | null;
  created_at: Date;
}

export interface ProcessRow {
  id: string;
  uri: string;
  name: string;
  note: string | null;
  based_on: string | null;
  planned_within: string | null;
  finished: boolean;
  has_beginning: Date | null;
  has_end: Date | null;
  origin: string | null;
  created_at: Date;
}

export interface EventRow {
  id: string;
  uri: string;
  seq: number;
  action: string;
  provider: string;
  receiver: string;
  resource_inventoried_as: string | null;
  to_resource_inventoried_as: string | null;
  resource_conforms_to: string | null;
  resource_quantity_value: number | null;
  resource_quantity_unit: string | null;
  effort_quantity_value: number | null;
  effort_quantity_unit: string | null;
  input_of: string | null;
  output_of: string | null;
  has_point_in_time: Date | null;
  has_beginning: Date | null;
  has_end: Date | null;
  at_location: string | null;
  to_location: string | null;
  state: string | null;
  note: string | null;
  corrects: string | null;
  fulfills: string | null;
  satisfies: string | null;
  settles: string | null;
  realization_of: string | null;
  previous_event: string | null;
  /** The JCS text that was signed. */
  signed_payload: string | null;
  signature: string | null;
  signer_public_key: string | null;
  signature_verified: boolean;
  recorded_by: string | null;
  /** Each change this event made: [{ resource, field, before, after }], for audits. */
  effects: unknown;
  origin: string | null;
  created_at: Date;
}

/** Intents, commitments, proposals, agreements, claims and plans share one shape of table each. */
export interface IntentRow {
  id: string;
  uri: string;
  kind: 'intent' | 'commitment';
  action: string;
  provider: string | null;
  receiver: string | null;
  resource_inventoried_as: string | null;
  resource_conforms_to: string | null;
  resource_quantity_value: number | null;
  resource_quantity_unit: string | null;
  effort_quantity_value: number | null;
  effort_quantity_unit: string | null;
  input_of: string | null;
  output_of: string | null;
  due: Date | null;
  at_location: string | null;
  note: string | null;
  satisfies: string | null;
  clause_of: string | null;
  finished: boolean;
  created_by: string;
  /** Always null today: these are not received from other instances yet (the column is the federated tables' shape). */
  origin: string | null;
  created_at: Date;
}

export interface ProposalRow {
  id: string;
  uri: string;
  name: string | null;
  note: string | null;
  purpose: 'offer' | 'request';
  unit_based: boolean;
  eligible_location: string | null;
  has_beginning: Date | null;
  has_end: Date | null;
  created_by: string;
  /** Always null today: these are not received from other instances yet (the column is the federated tables' shape). */
  origin: string | null;
  created_at: Date;
}

export interface ProposalIntentRow {
  proposal_id: string;
  intent_id: string;
  reciprocal: boolean;
}

export interface AgreementRow {
  id: string;
  uri: string;
  name: string | null;
  note: string | null;
  created_by: string;
  /** Always null today: these are not received from other instances yet (the column is the federated tables' shape). */
  origin: string | null;
  created_at: Date;
}

export interface ClaimRow {
  id: string;
  uri: string;
  action: string;
  provider: string;
  receiver: string;
  triggered_by: string;
  resource_quantity_value: number | null;
  resource_quantity_unit: string | null;
  due: Date | null;
  note: string | null;
  created_by: string;
  /** Always null today: these are not received from other instances yet (the column is the federated tables' shape). */
  origin: string | null;
  created_at: Date;
}

export interface PlanRow {
  id: string;
  uri: string;
  name: string;
  note: string | null;
  due: Date | null;
  created_by: string;
  /** Always null today: these are not received from other instances yet (the column is the federated tables' shape). */
  origin: string | null;
  created_at: Date;
}

export interface NonceRow {
  agent_id: string;
  nonce: string;
  seen_at: Date;
}

/** The events table as Kysely writes it: `seq` is a serial the database numbers. */
export type EventsTable = Omit<EventRow, 'seq'> & { seq: Generated<number> };

/** The plugin's tables, matching its migrations (src/db/migrations.ts): its database is typed with these. */
export interface EconomicFlowsTables {
  economic_flows_agents: AgentRow;
  economic_flows_agent_relationships: AgentRelationshipRow;
  economic_flows_units: UnitRow;
  economic_flows_resource_specifications: SpecificationRow;
  economic_flows_process_specifications: SpecificationRow;
  economic_flows_resources: ResourceRow;
  economic_flows_processes: ProcessRow;
  economic_flows_events: EventsTable;
  economic_flows_intents: IntentRow;
  economic_flows_proposals: ProposalRow;
  economic_flows_proposal_intents: ProposalIntentRow;
  economic_flows_agreements: AgreementRow;
  economic_flows_claims: ClaimRow;
  economic_flows_plans: PlanRow;
  economic_flows_request_nonces: NonceRow;
}

export type FlowsDb = Database<EconomicFlowsTables>;
export type FlowsExecutor = Executor<EconomicFlowsTables>;

/** Each table's rows as a select reads them (`seq` a number). */
export type EconomicFlowsRows = Omit<EconomicFlowsTables, 'economic_flows_events'> & { economic_flows_events: EventRow };

/** The tables whose rows have an id (uuid) and a URI: those a client's reference may name. */
export type TableWithUri = {
  [K in keyof EconomicFlowsRows]: EconomicFlowsRows[K] extends { id: string; uri: string } ? K : never;
}[keyof EconomicFlowsRows];
