import { describe, expect, it } from 'vitest';
import { ActivityPubWriter } from '../src/federation/to-activitypub.js';
import type { AgentRow, FlowsExecutor, ProcessRow, ResourceRow } from '../src/db/tables.js';

const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const created_at = new Date('2025-06-01T12:00:00Z');

/** No element a server rendering the text as HTML would make. */
function expectNoMarkup(object: Record<string, unknown>, fields: string[]): void {
  for (const field of fields) {
    expect(typeof object[field], field).toBe('string');
    expect(object[field], field).not.toMatch(/<script|<img/i);
  }
}

describe('economic objects federate their text without markup, under a <script> and onerror payload', () => {
  // Rows that link to nothing: the writer looks nothing up, so it needs no database here.
  const writer = new ActivityPubWriter(undefined as unknown as FlowsExecutor);

  it('an agent’s name', () => {
    const agent: AgentRow = {
      id: 'a', uri: 'https://city.example/agents/a', agent_type: 'Organization', name: `Coop ${PAYLOAD}`,
      actor_id: null, origin: null, eddsa_public_key: null, server_eddsa_secret_key: null, created_at,
    };
    const object = writer.agent(agent);
    expectNoMarkup(object, ['name']);
    expect(object.name).toBe('Coop alert(1)');
  });

  it('a resource’s and a process’s name and note', async () => {
    const resource: ResourceRow = {
      id: 'r', uri: 'https://city.example/resources/r', name: `Wool ${PAYLOAD}`, note: `Lot ${PAYLOAD}`, conforms_to: null,
      tracking_identifier: null, of_batch_lot: null, unit: 'kg', accounting_quantity: 5, onhand_quantity: 5, primary_accountable: null,
      custodian: null, current_location: null, contained_in: null, stage: null, state: null, previous_event: null, origin: null, created_at,
    };
    expectNoMarkup(await writer.resource(resource), ['name', 'note']);
    const process = { id: 'p', uri: 'https://city.example/processes/p', name: `Spin ${PAYLOAD}`, note: `Note ${PAYLOAD}`, based_on: null, finished: false, has_beginning: null, has_end: null } as unknown as ProcessRow;
    expectNoMarkup(await writer.process(process), ['name', 'note']);
  });
});
