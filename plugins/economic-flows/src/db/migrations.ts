import { sql, type Kysely, type PluginDefinition } from '@commonplace/sdk';
import { STANDARD_UNITS } from '../model/units.js';

type Migration = NonNullable<PluginDefinition['migrations']>[string];

const P = 'economic_flows_';

/** Columns every federated object has: its id, its ActivityPub id, where it comes from. */
function federated<T extends { addColumn: Function }>(table: T): T {
  return table
    .addColumn('id', 'uuid', (c: any) => c.primaryKey())
    .addColumn('uri', 'text', (c: any) => c.notNull().unique())
    .addColumn('origin', 'text')
    .addColumn('created_at', 'timestamptz', (c: any) => c.notNull()) as T;
}

const createModel: Migration = {
  async up(db: Kysely<any>) {
    await federated(db.schema.createTable(`${P}agents`))
      .addColumn('agent_type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'uuid', (c) => c.unique())
      .addColumn('eddsa_public_key', 'text')
      .addColumn('server_eddsa_secret_key', 'text')
      .execute();
    await db.schema
      .createTable(`${P}agent_relationships`)
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('subject_id', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('object_id', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint(`${P}agent_relationships_unique`, ['subject_id', 'object_id', 'role'])
      .execute();

    await db.schema
      .createTable(`${P}units`)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('om_unit_identifier', 'text')
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('factor', 'double precision', (c) => c.notNull())
      .execute();
    await db.insertInto(`${P}units`).values(STANDARD_UNITS.map((unit) => ({ ...unit }))).execute();

    for (const table of ['resource_specifications', 'process_specifications']) {
      await federated(db.schema.createTable(`${P}${table}`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('default_unit_of_resource', 'text', (c) => c.references(`${P}units.id`))
        .addColumn('default_unit_of_effort', 'text', (c) => c.references(`${P}units.id`))
        .execute();
    }

    await federated(db.schema.createTable(`${P}plans`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('due', 'timestamptz')
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .execute();

    await federated(db.schema.createTable(`${P}processes`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('based_on', 'uuid', (c) => c.references(`${P}process_specifications.id`))
      .addColumn('planned_within', 'uuid', (c) => c.references(`${P}plans.id`))
      .addColumn('finished', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('has_beginning', 'timestamptz')
      .addColumn('has_end', 'timestamptz')
      .execute();

    await federated(db.schema.createTable(`${P}resources`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('conforms_to', 'uuid', (c) => c.references(`${P}resource_specifications.id`))
      .addColumn('tracking_identifier', 'text')
      .addColumn('of_batch_lot', 'text')
      .addColumn('unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('accounting_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('onhand_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('primary_accountable', 'uuid', (c) => c.references(`${P}agents.id`))
      .addColumn('custodian', 'uuid', (c) => c.references(`${P}agents.id`))
      .addColumn('current_location', 'text')
      .addColumn('contained_in', 'uuid', (c) => c.references(`${P}resources.id`))
      .addColumn('stage', 'uuid', (c) => c.references(`${P}process_specifications.id`))
      .addColumn('state', 'text')
      .addColumn('previous_event', 'uuid')
      .execute();

    await federated(db.schema.createTable(`${P}agreements`))
      .addColumn('name', 'text')
      .addColumn('note', 'text')
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .execute();

    await federated(db.schema.createTable(`${P}intents`))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('provider', 'uuid', (c) => c.references(`${P}agents.id`))
      .addColumn('receiver', 'uuid', (c) => c.references(`${P}agents.id`))
      .addColumn('resource_inventoried_as', 'uuid', (c) => c.references(`${P}resources.id`))
      .addColumn('resource_conforms_to', 'uuid', (c) => c.references(`${P}resource_specifications.id`))
      .addColumn('resource_quantity_value', 'double precision')
      .addColumn('resource_quantity_unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('effort_quantity_value', 'double precision')
      .addColumn('effort_quantity_unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('input_of', 'uuid', (c) => c.references(`${P}processes.id`))
      .addColumn('output_of', 'uuid', (c) => c.references(`${P}processes.id`))
      .addColumn('due', 'timestamptz')
      .addColumn('at_location', 'text')
      .addColumn('note', 'text')
      .addColumn('satisfies', 'uuid', (c) => c.references(`${P}intents.id`))
      .addColumn('clause_of', 'uuid', (c) => c.references(`${P}agreements.id`))
      .addColumn('finished', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .execute();

    await federated(db.schema.createTable(`${P}proposals`))
      .addColumn('name', 'text')
      .addColumn('note', 'text')
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('unit_based', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('eligible_location', 'text')
      .addColumn('has_beginning', 'timestamptz')
      .addColumn('has_end', 'timestamptz')
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable(`${P}proposal_intents`)
      .addColumn('proposal_id', 'uuid', (c) => c.notNull().references(`${P}proposals.id`))
      .addColumn('intent_id', 'uuid', (c) => c.notNull().references(`${P}intents.id`))
      .addColumn('reciprocal', 'boolean', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${P}proposal_intents_pk`, ['proposal_id', 'intent_id'])
      .execute();

    await federated(db.schema.createTable(`${P}claims`))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('provider', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('receiver', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('triggered_by', 'uuid', (c) => c.notNull())
      .addColumn('resource_quantity_value', 'double precision')
      .addColumn('resource_quantity_unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('due', 'timestamptz')
      .addColumn('note', 'text')
      .addColumn('created_by', 'uuid', (c) => c.notNull())
      .execute();

    await federated(db.schema.createTable(`${P}events`))
      .addColumn('seq', 'serial', (c) => c.notNull().unique())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('provider', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('receiver', 'uuid', (c) => c.notNull().references(`${P}agents.id`))
      .addColumn('resource_inventoried_as', 'uuid', (c) => c.references(`${P}resources.id`))
      .addColumn('to_resource_inventoried_as', 'uuid', (c) => c.references(`${P}resources.id`))
      .addColumn('resource_conforms_to', 'uuid', (c) => c.references(`${P}resource_specifications.id`))
      .addColumn('resource_quantity_value', 'double precision')
      .addColumn('resource_quantity_unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('effort_quantity_value', 'double precision')
      .addColumn('effort_quantity_unit', 'text', (c) => c.references(`${P}units.id`))
      .addColumn('input_of', 'uuid', (c) => c.references(`${P}processes.id`))
      .addColumn('output_of', 'uuid', (c) => c.references(`${P}processes.id`))
      .addColumn('has_point_in_time', 'timestamptz')
      .addColumn('has_beginning', 'timestamptz')
      .addColumn('has_end', 'timestamptz')
      .addColumn('at_location', 'text')
      .addColumn('to_location', 'text')
      .addColumn('state', 'text')
      .addColumn('note', 'text')
      .addColumn('corrects', 'uuid', (c) => c.references(`${P}events.id`))
      .addColumn('fulfills', 'uuid', (c) => c.references(`${P}intents.id`))
      .addColumn('satisfies', 'uuid', (c) => c.references(`${P}intents.id`))
      .addColumn('settles', 'uuid', (c) => c.references(`${P}claims.id`))
      .addColumn('realization_of', 'uuid', (c) => c.references(`${P}agreements.id`))
      .addColumn('previous_event', 'uuid')
      .addColumn('signed_payload', 'text')
      .addColumn('signature', 'text', (c) => c.unique())
      .addColumn('signer_public_key', 'text')
      .addColumn('signature_verified', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('recorded_by', 'uuid')
      .addColumn('effects', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .execute();
    // previous/next and track/trace walk these links.
    for (const column of ['resource_inventoried_as', 'to_resource_inventoried_as', 'input_of', 'output_of', 'corrects']) {
      await db.schema.createIndex(`${P}events_${column}_idx`).on(`${P}events`).column(column).execute();
    }
    await db.schema.createIndex(`${P}events_provider_idx`).on(`${P}events`).columns(['provider', 'seq']).execute();

    await db.schema
      .createTable(`${P}request_nonces`)
      .addColumn('agent_id', 'uuid', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${P}request_nonces_pk`, ['agent_id', 'nonce'])
      .execute();
    await db.schema.createIndex(`${P}request_nonces_seen_idx`).on(`${P}request_nonces`).column('seen_at').execute();
  },
  async down(db: Kysely<any>) {
    for (const table of [
      'request_nonces', 'events', 'claims', 'proposal_intents', 'proposals', 'intents', 'agreements', 'resources',
      'processes', 'plans', 'process_specifications', 'resource_specifications', 'units', 'agent_relationships', 'agents',
    ]) {
      await db.schema.dropTable(`${P}${table}`).ifExists().execute();
    }
  },
};

export const migrations: Record<string, Migration> = {
  '0001_create_valueflows_model': createModel,
};
