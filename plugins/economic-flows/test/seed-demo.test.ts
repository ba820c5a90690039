import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { seedDemo } from '../src/seed-demo.js';
import { flowsInstance, flowsServices } from './helpers.js';

describe('seedDemo', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await flowsInstance();
    await instance.createUser('admin');
  });
  afterAll(() => instance.close());

  it('makes two co-ops and a signed chain a visitor can trace, and adds nothing when run again', async () => {
    await seedDemo(flowsServices(instance));
    await seedDemo(flowsServices(instance));
    const db = flowsServices(instance).db;
    const events = await db.selectFrom('economic_flows_events').select(['action', 'signature_verified', 'to_resource_inventoried_as']).orderBy('seq').execute();
    expect(events.map((event) => event.action)).toEqual(['produce', 'transfer', 'consume']);
    expect(events.every((event) => event.signature_verified)).toBe(true);
    const organisations = await db.selectFrom('economic_flows_agents').select('name').where('agent_type', '=', 'Organization').orderBy('name').execute();
    expect(organisations.map((row) => row.name)).toEqual(['Milan Food Co-op', 'Paris Events Co-op']);

    const parisLot = events[1]!.to_resource_inventoried_as!;
    const { data, errors } = await instance.graphql(
      `query($id: ID!) { trace(resourceId: $id) { __typename ... on EconomicEvent { action { id } provider { name } } } economicResource(id: $id) { onhandQuantity { hasNumericalValue } } }`,
      { id: parisLot },
    );
    expect(errors).toBeUndefined();
    const traced = data.trace.filter((item: any) => item.__typename === 'EconomicEvent').map((item: any) => `${item.action.id} by ${item.provider.name}`);
    expect(traced).toEqual(['transfer by Milan Food Co-op', 'produce by Milan Food Co-op']);
    expect(data.economicResource.onhandQuantity.hasNumericalValue).toBe(15);
  });

  it('does nothing without the demo admin', async () => {
    const bare = await flowsInstance();
    try {
      await seedDemo(flowsServices(bare));
      expect(await flowsServices(bare).db.selectFrom('economic_flows_events').select('id').execute()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
