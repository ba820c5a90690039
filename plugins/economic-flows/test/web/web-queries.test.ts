import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { flowsInstance } from '../helpers.js';

async function api<Data = any>(instance: TestInstance, query: string, variables: Record<string, unknown> = {}, as?: TestUser): Promise<Data> {
  const { data, errors } = await instance.graphql<Data>(query, variables, as ? { as } : {});
  if (errors) throw new Error(JSON.stringify(errors));
  return data!;
}

/** The reads the web pages added to the API: whom the viewer acts for, organisations, inventories, a resource's events. */
describe('economic-flows queries for the web pages', () => {
  let instance: TestInstance;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let milan: string;
  let paris: string;
  let lot: string;
  let received: string;

  beforeAll(async () => {
    instance = await flowsInstance({ requireSignatures: false });
    owner = await instance.createUser('owner');
    member = await instance.createUser('member');
    stranger = await instance.createUser('stranger');
    const organisation = `mutation($o: OrganizationCreateParams!) { createOrganization(organization: $o) { id } }`;
    milan = (await api(instance, organisation, { o: { username: 'milan', name: 'Milan' } }, owner)).createOrganization.id;
    paris = (await api(instance, organisation, { o: { username: 'paris', name: 'Paris' } }, stranger)).createOrganization.id;
    const memberAgent = (await api(instance, '{ myAgent { id } }', {}, member)).myAgent.id;
    const ownerAgent = (await api(instance, '{ myAgent { id } }', {}, owner)).myAgent.id;
    const relate = `mutation($r: AgentRelationshipCreateParams!) { createAgentRelationship(relationship: $r) { id } }`;
    await api(instance, relate, { r: { subject: memberAgent, object: milan, role: 'member' } }, owner);
    // The owner is a member too: listed once, as owner.
    await api(instance, relate, { r: { subject: ownerAgent, object: milan, role: 'member' } }, owner);
    const record = `mutation($e: EconomicEventCreateParams!, $r: EconomicResourceCreateParams) {
      createEconomicEvent(event: $e, newInventoriedResource: $r) { economicEvent { id toResourceInventoriedAs { id } } economicResource { id } }
    }`;
    const at = (minute: number) => `2026-03-01T09:0${minute}:00.000Z`;
    lot = (await api(instance, record, { e: { action: 'produce', provider: milan, receiver: milan, resourceQuantity: { hasNumericalValue: 10, hasUnit: 'kg' }, hasPointInTime: at(0) }, r: { name: 'Beans' } }, owner))
      .createEconomicEvent.economicResource.id;
    received = (await api(instance, record, { e: { action: 'transfer', provider: milan, receiver: paris, resourceInventoriedAs: lot, resourceQuantity: { hasNumericalValue: 4, hasUnit: 'kg' }, hasPointInTime: at(1) } }, member))
      .createEconomicEvent.economicEvent.toResourceInventoriedAs.id;
  }, 120_000);
  afterAll(() => instance?.close());

  it('myAgents: your own agent, then the organisations you own or are a member of, each once; nobody for a visitor', async () => {
    const query = '{ myAgents { role agent { id name } } }';
    expect((await api(instance, query, {}, member)).myAgents).toEqual([
      { role: 'self', agent: { id: expect.any(String), name: 'member' } },
      { role: 'member', agent: { id: milan, name: 'Milan' } },
    ]);
    expect((await api(instance, query, {}, owner)).myAgents.map((m: { role: string }) => m.role)).toEqual(['self', 'owner']);
    expect((await api(instance, query, {}, stranger)).myAgents.map((m: { agent: { name: string } }) => m.agent.name)).toEqual(['stranger', 'Paris']);
    expect((await api(instance, query)).myAgents).toEqual([]);
  });

  it('organizations: this instance’s, newest first, public; `first` within the page limit', async () => {
    expect((await api(instance, '{ organizations { name } }')).organizations).toEqual([{ name: 'Paris' }, { name: 'Milan' }]);
    const tooMany = await instance.graphql('{ organizations(first: 0) { name } }');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('Agent.inventory: what an agent is accountable for or holds; EconomicResource.events: both sides, newest first', async () => {
    const inventory = `query($id: ID!) { agent(id: $id) { inventory { id name onhandQuantity { hasNumericalValue } } } }`;
    expect((await api(instance, inventory, { id: milan })).agent.inventory).toEqual([{ id: lot, name: 'Beans', onhandQuantity: { hasNumericalValue: 6 } }]);
    expect((await api(instance, inventory, { id: paris })).agent.inventory).toEqual([{ id: received, name: 'Beans', onhandQuantity: { hasNumericalValue: 4 } }]);
    const events = `query($id: ID!) { economicResource(id: $id) { events { action { id } } } }`;
    expect((await api(instance, events, { id: lot })).economicResource.events.map((e: { action: { id: string } }) => e.action.id)).toEqual(['transfer', 'produce']);
    expect((await api(instance, events, { id: received })).economicResource.events.map((e: { action: { id: string } }) => e.action.id)).toEqual(['transfer']);
  });
});
