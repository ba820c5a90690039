import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../src/index.js';
import { canonicalEvent, type SignableEvent } from '../src/signatures/canonical-event.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { clientKeys, flowsInstance, flowsServices, nextTime, record, resource, signer, type KeyPair, type Signer } from './helpers.js';

/**
 * Attacks a review of the "who may record what" rules tried after issue 19's fix, which got through it:
 * each is refused now, and the lawful case next to it still works.
 */
describe('review: what still got through who may record what', () => {
  let instance: TestInstance;
  let alice: Signer;
  let bob: Signer;
  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
  const handler = economicFlowsPlugin.federation!.objects![0]!;
  const bobUri = 'http://localhost.test/actors/bob';

  /** A Create{EconomicEvent} from `actor`, signed with its self-declared key, with extra (unsigned) object fields. */
  function receive(actor: string, keys: KeyPair, fields: Omit<SignableEvent, 'provider' | 'hasPointInTime'>, extra: Record<string, unknown> = {}, id?: string) {
    const signed: SignableEvent = { provider: actor, hasPointInTime: nextTime(), ...fields };
    const payload = canonicalEvent(signed);
    const object = {
      ...signed,
      id: id ?? `${new URL(actor).origin}/economic-flows/events/${randomUUID()}`,
      type: 'EconomicEvent',
      provider: { id: actor, type: 'Person', name: actor, eddsaPublicKey: keys.publicKey },
      signedPayload: payload,
      eventSignature: signEd25519(payload, keys.secretKey),
      signerPublicKey: keys.publicKey,
      ...extra,
    };
    return handler.on!.Create!({ id: `${object.id}/create`, type: 'Create', actor, object }, object, flowsServices(instance));
  }

  async function commitment(by: Signer, fields: Record<string, unknown>): Promise<string> {
    const made = await instance.graphql(`mutation($c: CommitmentCreateParams!) { createCommitment(commitment: $c) { id } }`, { c: fields }, { as: by.user });
    expect(made.errors).toBeUndefined();
    return made.data.createCommitment.id;
  }

  async function spec(name: string): Promise<string> {
    const made = await instance.graphql(`mutation($n: String!) { createResourceSpecification(resourceSpecification: { name: $n, defaultUnitOfResource: "kg" }) { id } }`, { n: name }, { as: alice.user });
    return made.data.createResourceSpecification.id;
  }

  async function stock(owner: Signer, name: string, quantity: number, conformsTo?: string): Promise<string> {
    const made = await record(instance, owner, { action: 'raise', provider: owner.agentId, receiver: owner.agentId, resourceQuantity: kg(quantity) }, { name, ...(conformsTo ? { conformsTo } : {}) });
    expect(made.errors).toBeUndefined();
    return made.data.createEconomicEvent.economicResource.id;
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    bob = await signer(instance, 'bob');
  }, 300_000);
  afterAll(() => instance?.close());

  it('a commitment consents to what it names: not another resource, nor one of another kind', async () => {
    const wool = await spec('Wool');
    const sand = await spec('Sand');
    const aliceWool = await stock(alice, 'Alice’s wool', 50, wool);
    const otherWool = await stock(alice, 'Alice’s other wool', 50, wool);
    const aliceSand = await stock(alice, 'Alice’s sand', 50, sand);
    const bobsBin = await stock(bob, 'Bob’s wool bin', 10, wool);
    const transfer = (from: string, fulfills: string) =>
      record(instance, alice, { action: 'transfer', provider: alice.agentId, receiver: bob.agentId, resourceInventoriedAs: from, toResourceInventoriedAs: bobsBin, resourceQuantity: kg(5), fulfills });

    // Bob agrees to receive 5 kg of wool; alice delivers 5 kg of sand into his wool bin instead.
    const ofWool = await commitment(bob, { action: 'transfer', provider: alice.agentId, receiver: bob.agentId, resourceConformsTo: wool, resourceQuantity: kg(5) });
    let result = await transfer(aliceSand, ofWool);
    expect(result.errors?.[0]?.extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'FORBIDDEN', field: 'toResourceInventoriedAs' });
    // Bob agrees to receive 5 kg of that very lot; alice sends another.
    const ofLot = await commitment(bob, { action: 'transfer', provider: alice.agentId, receiver: bob.agentId, resourceInventoriedAs: aliceWool, resourceQuantity: kg(5) });
    result = await transfer(otherWool, ofLot);
    expect(result.errors?.[0]?.extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'FORBIDDEN', field: 'toResourceInventoriedAs' });
    expect((await resource(instance, bobsBin)).onhandQuantity.hasNumericalValue).toBe(10);

    // What was agreed goes through.
    expect((await transfer(aliceWool, ofWool)).errors).toBeUndefined();
    expect((await transfer(aliceWool, ofLot)).errors).toBeUndefined();
    expect((await resource(instance, bobsBin)).onhandQuantity.hasNumericalValue).toBe(20);
  });

  it('a server cannot pass off another server’s event in its history, so that the real one is ignored', async () => {
    const evil = 'https://evil.example/actors/mallory';
    const good = 'https://good.example/actors/grace';
    const graceKeys = clientKeys();
    const goodEvent = `https://good.example/economic-flows/events/${randomUUID()}`;
    const goodResource = `https://good.example/economic-flows/resources/${randomUUID()}`;
    // Mallory sends an event of her own, carrying in its history a made-up copy of good.example's coming event.
    const forgedCopy = {
      id: goodEvent,
      type: 'EconomicEvent',
      action: 'transfer',
      provider: { id: good, type: 'Person', name: 'Grace' },
      receiver: bobUri,
      resourceInventoriedAs: goodResource,
      resourceQuantity: kg(1),
    };
    await receive(evil, clientKeys(), { action: 'transfer', receiver: bobUri, resourceInventoriedAs: `https://evil.example/economic-flows/resources/${randomUUID()}`, resourceQuantity: kg(1) }, { history: [forgedCopy] });

    // Grace's real transfer of 7 kg to bob arrives: bob gets them.
    await receive(good, graceKeys, { action: 'transfer', receiver: bobUri, resourceInventoriedAs: goodResource, resourceQuantity: kg(7) }, {}, goodEvent);
    const { data } = await instance.graphql(`query($e: ID!) { economicEvent(id: $e) { resourceQuantity { hasNumericalValue } toResourceInventoriedAs { id } signature { verified } } }`, { e: goodEvent });
    expect(data.economicEvent).toMatchObject({ resourceQuantity: { hasNumericalValue: 7 }, signature: { verified: true } });
    const received = await resource(instance, data.economicEvent.toResourceInventoriedAs.id);
    expect(received).toMatchObject({ local: true, onhandQuantity: { hasNumericalValue: 7 }, primaryAccountable: { id: bob.agentId } });
  });
});
