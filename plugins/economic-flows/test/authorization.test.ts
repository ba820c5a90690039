import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { canonicalEvent } from '../src/signatures/canonical-event.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { flowsInstance, nextTime, record, resource, send, signer, type Signer } from './helpers.js';

/**
 * Who may record what (docs/plugins/economic-flows.md): the attacks of issue 19, each refused with
 * nothing changed, and the lawful cases next to them still recorded.
 */
describe('who may record an economic event', () => {
  let instance: TestInstance;
  let alice: Signer;
  let bob: Signer;
  let carol: Signer;
  let wool: string;
  let woolProduced: string;
  let coop: { id: string; uri: string };
  let coopLot: string;
  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
  const uriOf = (kind: string, id: string) => `http://localhost.test/economic-flows/${kind}/${id}`;

  async function eventCount(): Promise<number> {
    const { data } = await instance.graphql(`{ economicEvents(first: 100) { nodes { id } } }`);
    return data.economicEvents.nodes.length;
  }

  /** Runs `attempt` and checks that it was refused with `code` and that no resource or event changed. */
  async function refusedUnchanged(attempt: () => Promise<{ errors?: any[] }>, code: string, watched: string[]) {
    const before = { resources: await Promise.all(watched.map((id) => resource(instance, id))), events: await eventCount() };
    const result = await attempt();
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(code);
    expect({ resources: await Promise.all(watched.map((id) => resource(instance, id))), events: await eventCount() }).toEqual(before);
    return result.errors![0];
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    bob = await signer(instance, 'bob');
    carol = await signer(instance, 'carol');
    const a = alice.agentId;
    const made = await record(instance, alice, { action: 'produce', provider: a, receiver: a, resourceQuantity: kg(100) }, { name: 'Wool' });
    expect(made.errors).toBeUndefined();
    wool = made.data.createEconomicEvent.economicResource.id;
    woolProduced = made.data.createEconomicEvent.economicEvent.id;
    const org = await instance.graphql(`mutation { createOrganization(organization: { username: "wool_coop", name: "Wool co-op", serverHeldKey: true }) { id uri } }`, {}, { as: alice.user });
    coop = org.data.createOrganization;
    const lot = await send(instance, alice.user, { action: 'raise', provider: coop.id, receiver: coop.id, resourceQuantity: kg(80) }, { name: 'Co-op lot' });
    expect(lot.errors).toBeUndefined();
    coopLot = lot.data.createEconomicEvent.economicResource.id;
  }, 180_000);
  afterAll(() => instance.close());

  it('a stranger cannot move an organisation’s server-signed stock (the server signs only for who acts for it)', async () => {
    const theft = { action: 'transfer', provider: coop.id, receiver: bob.agentId, resourceInventoriedAs: coopLot, resourceQuantity: kg(79) };
    const error = await refusedUnchanged(() => send(instance, bob.user, theft), 'FORBIDDEN', [coopLot]);
    expect(error.message).toMatch(/act for the provider/);
    expect((await resource(instance, coopLot)).onhandQuantity.hasNumericalValue).toBe(80);
  });

  it('the receiver alone cannot record (nor get the signing payload of) a transfer to themselves', async () => {
    const event = { action: 'transfer', provider: alice.agentId, receiver: bob.agentId, resourceInventoriedAs: wool, resourceQuantity: kg(90), hasPointInTime: nextTime() };
    await refusedUnchanged(() => record(instance, bob, event), 'FORBIDDEN', [wool]);
    // Signing the canonical form with his own key, computed without the server's help, does not help either.
    const text = canonicalEvent({
      action: 'transfer', provider: `http://localhost.test/actors/alice`, receiver: `http://localhost.test/actors/bob`,
      resourceInventoriedAs: uriOf('resources', wool), resourceQuantity: kg(90), hasPointInTime: event.hasPointInTime,
    });
    await refusedUnchanged(() => send(instance, bob.user, { ...event, signature: signEd25519(text, bob.keys.secretKey), signerPublicKey: bob.keys.publicKey }), 'FORBIDDEN', [wool]);
  });

  it('nobody consumes, or otherwise changes, a resource the provider does not hold', async () => {
    const c = carol.agentId;
    for (const action of ['consume', 'raise', 'pickup', 'accept', 'use', 'cite']) {
      const error = await refusedUnchanged(
        () => record(instance, carol, { action, provider: c, receiver: c, resourceInventoriedAs: wool, resourceQuantity: kg(5) }),
        'FORBIDDEN',
        [wool],
      );
      expect(error.extensions.field, action).toBe('resourceInventoriedAs');
    }
  });

  it('a correction comes from the corrected event’s provider', async () => {
    const c = carol.agentId;
    const error = await refusedUnchanged(
      () => record(instance, carol, { action: 'produce', provider: c, receiver: c, resourceInventoriedAs: wool, resourceQuantity: kg(-3), corrects: woolProduced }),
      'FORBIDDEN',
      [wool],
    );
    expect(error.extensions.field).toBe('corrects');
    const own = await record(instance, alice, { action: 'produce', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: wool, resourceQuantity: kg(-3), corrects: woolProduced });
    expect(own.errors).toBeUndefined();
    expect((await resource(instance, wool)).onhandQuantity.hasNumericalValue).toBe(97);
  });

  it('receiving into a resource needs it to be the receiver’s, and their consent', async () => {
    const b = bob.agentId;
    const bobsBin = (await record(instance, bob, { action: 'raise', provider: b, receiver: b, resourceQuantity: kg(10) }, { name: 'Bob’s bin' })).data.createEconomicEvent.economicResource.id;
    const carolsBin = (await record(instance, carol, { action: 'raise', provider: carol.agentId, receiver: carol.agentId, resourceQuantity: kg(10) }, { name: 'Carol’s bin' })).data.createEconomicEvent.economicResource.id;
    const transfer = (to: string, quantity: number, extra: Record<string, unknown> = {}) =>
      record(instance, alice, { action: 'transfer', provider: alice.agentId, receiver: b, resourceInventoriedAs: wool, toResourceInventoriedAs: to, resourceQuantity: kg(quantity), ...extra });

    // Into someone else's resource than the receiver's.
    let error = await refusedUnchanged(() => transfer(carolsBin, 5), 'FORBIDDEN', [wool, carolsBin]);
    expect(error.extensions.field).toBe('toResourceInventoriedAs');
    // Into bob's own bin without his consent.
    error = await refusedUnchanged(() => transfer(bobsBin, 5), 'FORBIDDEN', [wool, bobsBin]);
    expect(error.message).toMatch(/consent/);
    // Bob consents by a commitment of his: up to 5 kg of alice's wool into what he holds.
    const committed = await instance.graphql(
      `mutation($c: CommitmentCreateParams!) { createCommitment(commitment: $c) { id } }`,
      { c: { action: 'transfer', provider: alice.agentId, receiver: b, resourceQuantity: kg(5) } },
      { as: bob.user },
    );
    expect(committed.errors).toBeUndefined();
    const commitment = committed.data.createCommitment.id;
    await refusedUnchanged(() => transfer(bobsBin, 6, { fulfills: commitment }), 'FORBIDDEN', [wool, bobsBin]);
    expect((await transfer(bobsBin, 3, { fulfills: commitment })).errors).toBeUndefined();
    await refusedUnchanged(() => transfer(bobsBin, 3, { fulfills: commitment }), 'FORBIDDEN', [wool, bobsBin]);
    expect((await transfer(bobsBin, 2, { fulfills: commitment })).errors).toBeUndefined();
    expect((await resource(instance, bobsBin)).onhandQuantity.hasNumericalValue).toBe(15);
    // A commitment alice made in bob's name is no consent of his.
    const forged = await instance.graphql(
      `mutation($c: CommitmentCreateParams!) { createCommitment(commitment: $c) { id } }`,
      { c: { action: 'transfer', provider: alice.agentId, receiver: b, resourceQuantity: kg(50) } },
      { as: alice.user },
    );
    await refusedUnchanged(() => transfer(bobsBin, 1, { fulfills: forged.data.createCommitment.id }), 'FORBIDDEN', [wool, bobsBin]);
    // Into a new resource of his: nothing of his changes, so no consent is asked.
    const fresh = await transfer(null as never, 1);
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data.createEconomicEvent.economicResource.primaryAccountable).toEqual({ id: b });
  });

  it('a member records for the organisation; only an owner sets its key; strangers neither', async () => {
    const granted = await instance.graphql(
      `mutation($s: ID!, $o: ID!) { createAgentRelationship(relationship: { subject: $s, object: $o, role: "member" }) { id } }`,
      { s: carol.agentId, o: coop.id },
      { as: alice.user },
    );
    expect(granted.errors).toBeUndefined();
    const used = await send(instance, carol.user, { action: 'consume', provider: coop.id, receiver: coop.id, resourceInventoriedAs: coopLot, resourceQuantity: kg(1) });
    expect(used.errors).toBeUndefined();
    expect(used.data.createEconomicEvent.economicEvent.signature.verified).toBe(true);

    const org = await instance.graphql(`mutation { createOrganization(organization: { username: "client_keyed", name: "Client keyed" }) { id } }`, {}, { as: alice.user });
    const orgId = org.data.createOrganization.id;
    await instance.graphql(`mutation($s: ID!, $o: ID!) { createAgentRelationship(relationship: { subject: $s, object: $o, role: "member" }) { id } }`, { s: carol.agentId, o: orgId }, { as: alice.user });
    const setKey = `mutation($k: String!, $a: ID) { setAgentPublicKey(publicKey: $k, agent: $a) { id } }`;
    for (const who of [carol, bob]) {
      const result = await instance.graphql(setKey, { k: who.keys.publicKey, a: orgId }, { as: who.user });
      expect(result.errors?.[0]?.extensions?.code, who.user.username).toBe('FORBIDDEN');
    }
    expect((await instance.graphql(setKey, { k: alice.keys.publicKey, a: orgId }, { as: alice.user })).errors).toBeUndefined();
    // And nobody grants themselves a role in an organisation they do not own.
    const selfGranted = await instance.graphql(
      `mutation($s: ID!, $o: ID!) { createAgentRelationship(relationship: { subject: $s, object: $o, role: "owner" }) { id } }`,
      { s: bob.agentId, o: coop.id },
      { as: bob.user },
    );
    expect(selfGranted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a batch with one event its recorder may not record is refused whole, naming its index', async () => {
    const b = bob.agentId;
    const items = [
      { event: { action: 'raise', provider: b, receiver: b, resourceQuantity: kg(1), hasPointInTime: nextTime() }, newInventoriedResource: { name: 'Bob’s own' } },
      { event: { action: 'transfer', provider: coop.id, receiver: b, resourceInventoriedAs: coopLot, resourceQuantity: kg(5), hasPointInTime: nextTime() } },
    ];
    const signedItems: Array<Record<string, unknown>> = [];
    for (const item of items) {
      const { data, errors } = await instance.graphql(
        `query($e: EconomicEventCreateParams!, $r: EconomicResourceCreateParams) { economicEventSigningPayload(event: $e, newInventoriedResource: $r) }`,
        { e: item.event, r: item.newInventoriedResource ?? null },
        { as: bob.user },
      );
      // The signing payload refuses what recording would refuse.
      if (errors) {
        expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');
        signedItems.push(item);
        continue;
      }
      signedItems.push({ ...item, event: { ...item.event, signature: signEd25519(data.economicEventSigningPayload, bob.keys.secretKey), signerPublicKey: bob.keys.publicKey } });
    }
    const error = await refusedUnchanged(
      () => instance.graphql(`mutation($events: [EconomicEventBatchItem!]!) { createEconomicEvents(events: $events) { economicEvent { id } } }`, { events: signedItems }, { as: bob.user }),
      'FORBIDDEN',
      [coopLot],
    );
    expect(error.extensions.index).toBe(1);
  });
});

describe('queries by id', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await flowsInstance();
  }, 180_000);
  afterAll(() => instance.close());

  const BY_ID = ['economicResource', 'economicEvent', 'process', 'intent', 'commitment', 'proposal', 'agent'];
  for (const query of BY_ID) {
    it(`${query}(id: "not-a-uuid") is BAD_USER_INPUT on id; an unknown uuid is null`, async () => {
      const bad = await instance.graphql(`{ ${query}(id: "not-a-uuid") { id } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const unknown = await instance.graphql(`{ ${query}(id: "00000000-0000-4000-8000-000000000000") { id } }`);
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data[query]).toBeNull();
    });
  }

  it('trace, track and traceSteps refuse a resourceId that is no id', async () => {
    for (const query of ['trace', 'track', 'traceSteps']) {
      const bad = await instance.graphql(`{ ${query}(resourceId: "not-a-uuid") { __typename } }`);
      expect(bad.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceId' });
    }
  });
});
