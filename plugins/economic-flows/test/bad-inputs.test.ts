import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { flowsInstance, record, resource, signer, type Signer } from './helpers.js';

/** Each bad input is answered with its code, the field and the reason, and changes nothing. */
describe('bad inputs', () => {
  let instance: TestInstance;
  let alice: Signer;
  let cotton: string;
  let fabric: string;

  async function eventCount(): Promise<number> {
    const { data } = await instance.graphql(`{ economicEvents(first: 100) { nodes { id } } }`);
    return data.economicEvents.nodes.length;
  }

  async function refused(event: Record<string, unknown>, code: string, field: string, reason: RegExp, newResource?: Record<string, unknown>) {
    const before = { cotton: await resource(instance, cotton), fabric: await resource(instance, fabric), events: await eventCount() };
    const result = await record(instance, alice, { provider: alice.agentId, receiver: alice.agentId, ...event }, newResource);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(result.errors?.[0]?.message).toMatch(reason);
    expect({ cotton: await resource(instance, cotton), fabric: await resource(instance, fabric), events: await eventCount() }).toEqual(before);
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    const a = alice.agentId;
    cotton = (await record(instance, alice, { action: 'raise', provider: a, receiver: a, resourceQuantity: { hasNumericalValue: 10, hasUnit: 'kg' } }, { name: 'Cotton' })).data.createEconomicEvent.economicResource.id;
    fabric = (await record(instance, alice, { action: 'raise', provider: a, receiver: a, resourceQuantity: { hasNumericalValue: 5, hasUnit: 'm' } }, { name: 'Fabric' })).data.createEconomicEvent.economicResource.id;
  });
  afterAll(() => instance.close());

  it('an unknown action', () => refused({ action: 'steal', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'action', /unknown action "steal"/));

  it('a quantity with no unit', () => refused({ action: 'consume', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1 } }, 'BAD_USER_INPUT', 'resourceQuantity', /needs a unit/));

  it('a quantity in a unit nobody knows', () => refused({ action: 'consume', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'furlong' } }, 'BAD_USER_INPUT', 'resourceQuantity', /no unit furlong/));

  it('a quantity of the wrong dimension', () =>
    refused({ action: 'consume', resourceInventoriedAs: fabric, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceQuantity', /kilogram \(mass\).*metre \(length\)/));

  it('an effort that is not a time', () => refused({ action: 'work', effortQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'effortQuantity', /must be a time/));

  it('consuming more than is on hand', () =>
    refused({ action: 'consume', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 11, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceQuantity', /11 kg is more than the 10 kg on hand of Cotton/));

  it('an action that changes a resource, with none given', () =>
    refused({ action: 'consume', resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceInventoriedAs', /consume changes a resource, and none is given/));

  it('a transfer with no resource to transfer', () =>
    refused({ action: 'transfer', resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceInventoriedAs', /transfer changes a resource, and none is given/));

  it('a missing quantity, a negative one outside a correction, a resource that does not exist', async () => {
    await refused({ action: 'consume', resourceInventoriedAs: cotton }, 'BAD_USER_INPUT', 'resourceQuantity', /required for consume/);
    await refused({ action: 'consume', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: -1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceQuantity', /must not be negative/);
    await refused({ action: 'consume', resourceInventoriedAs: '00000000-0000-4000-8000-000000000000', resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, 'BAD_USER_INPUT', 'resourceInventoriedAs', /no economic resource/);
  });

  it('a process on the wrong side of the action', async () => {
    const made = await instance.graphql(`mutation { createProcess(process: { name: "Cutting" }) { id } }`, {}, { as: alice.user });
    await refused({ action: 'consume', resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, outputOf: made.data.createProcess.id }, 'BAD_USER_INPUT', 'outputOf', /not a process output/);
  });

  it('a signed event without its time', async () => {
    const result = await instance.graphql(
      `query($e: EconomicEventCreateParams!) { economicEventSigningPayload(event: $e) }`,
      { e: { action: 'consume', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } } },
      { as: alice.user },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hasPointInTime' });
  });

  it('an anonymous recorder', async () => {
    const result = await instance.graphql(`mutation($e: EconomicEventCreateParams!) { createEconomicEvent(event: $e) { economicEvent { id } } }`, {
      e: { action: 'consume', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: cotton, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('negative stock, when the instance allows it', () => {
  it('lets a consume take a resource below zero', async () => {
    const instance = await flowsInstance({ allowNegativeStock: true });
    try {
      const alice = await signer(instance, 'alice');
      const a = alice.agentId;
      const made = await record(instance, alice, { action: 'raise', provider: a, receiver: a, resourceQuantity: { hasNumericalValue: 2, hasUnit: 'kg' } }, { name: 'Tomatoes' });
      const id = made.data.createEconomicEvent.economicResource.id;
      const result = await record(instance, alice, { action: 'consume', provider: a, receiver: a, resourceInventoriedAs: id, resourceQuantity: { hasNumericalValue: 3, hasUnit: 'kg' } });
      expect(result.errors).toBeUndefined();
      expect((await resource(instance, id)).onhandQuantity.hasNumericalValue).toBe(-1);
    } finally {
      await instance.close();
    }
  });
});
