import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { flowsInstance, nextTime, record, resource, signer, type Signer } from './helpers.js';

const BATCH = `mutation($events: [EconomicEventBatchItem!]!) {
  createEconomicEvents(events: $events) { economicEvent { id action { id } signature { verified } } economicResource { id onhandQuantity { hasNumericalValue } } }
}`;
const PAYLOAD = `query($event: EconomicEventCreateParams!) { economicEventSigningPayload(event: $event) }`;

describe('createEconomicEvents: several signed events in one transaction', () => {
  let instance: TestInstance;
  let alice: Signer;
  let stock: string;
  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });

  async function signed(event: Record<string, unknown>): Promise<{ event: Record<string, unknown> }> {
    const withTime = { hasPointInTime: nextTime(), ...event };
    const { data } = await instance.graphql(PAYLOAD, { event: withTime }, { as: alice.user });
    return { event: { ...withTime, signature: signEd25519(data.economicEventSigningPayload, alice.keys.secretKey), signerPublicKey: alice.keys.publicKey } };
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    const made = await record(instance, alice, { action: 'raise', provider: alice.agentId, receiver: alice.agentId, resourceQuantity: kg(10) }, { name: 'Flour' });
    stock = made.data.createEconomicEvent.economicResource.id;
  });
  afterAll(() => instance.close());

  it('records them in order, each verified, the later seeing what the earlier did', async () => {
    const a = alice.agentId;
    const events = [
      await signed({ action: 'raise', provider: a, receiver: a, resourceInventoriedAs: stock, resourceQuantity: kg(5) }),
      await signed({ action: 'consume', provider: a, receiver: a, resourceInventoriedAs: stock, resourceQuantity: kg(12) }),
    ];
    const { data, errors } = await instance.graphql(BATCH, { events }, { as: alice.user });
    expect(errors).toBeUndefined();
    expect(data.createEconomicEvents.map((done: any) => done.economicEvent.action.id)).toEqual(['raise', 'consume']);
    expect(data.createEconomicEvents.every((done: any) => done.economicEvent.signature.verified)).toBe(true);
    expect(data.createEconomicEvents[1].economicResource.onhandQuantity.hasNumericalValue).toBe(3);
    expect((await resource(instance, stock)).onhandQuantity.hasNumericalValue).toBe(3);
  });

  it('refuses them all when one is refused, naming its index, and changes nothing', async () => {
    const a = alice.agentId;
    const good = await signed({ action: 'raise', provider: a, receiver: a, resourceInventoriedAs: stock, resourceQuantity: kg(1) });
    const tampered = await signed({ action: 'raise', provider: a, receiver: a, resourceInventoriedAs: stock, resourceQuantity: kg(1) });
    tampered.event.resourceQuantity = kg(100);
    const { errors } = await instance.graphql(BATCH, { events: [good, tampered] }, { as: alice.user });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'signature', index: 1 } });
    expect(errors?.[0]?.message).toMatch(/^events\[1\]: signature does not verify/);
    expect((await resource(instance, stock)).onhandQuantity.hasNumericalValue).toBe(3);
    const { data } = await instance.graphql(`query($id: ID!) { economicEvents(filter: { resourceInventoriedAs: $id }) { edges { node { id } } } }`, { id: stock });
    expect(data.economicEvents.edges).toHaveLength(3); // the first raise and the batch of two before
  });

  it('refuses an empty batch', async () => {
    const { errors } = await instance.graphql(BATCH, { events: [] }, { as: alice.user });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'events' } });
  });
});
