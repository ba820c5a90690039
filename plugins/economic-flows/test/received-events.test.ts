import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../src/index.js';
import { canonicalEvent, type SignableEvent } from '../src/signatures/canonical-event.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { clientKeys, flowsInstance, flowsServices, nextTime, record, resource, signer, type Signer } from './helpers.js';

/**
 * Events another server sends (docs/federation.md, "Received economic events"): a remote actor with a
 * key it serves itself and a valid Ed25519 signature over the JCS payload may change a local resource
 * only as the receiving end of a transfer to a local agent, into a new resource or, with their consent,
 * one they hold. Each refusal throws the sdk's typed error (the inbox answers it with a 4xx).
 */
describe('economic events received from another server', () => {
  let instance: TestInstance;
  let alice: Signer;
  let bob: Signer;
  let wool: string;
  let woolProduced: string;
  let bobsBin: string;
  const evil = 'https://evil.example';
  const mallory = `${evil}/actors/mallory`;
  const malloryKeys = clientKeys();
  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
  const local = (kind: string, id: string) => `http://localhost.test/economic-flows/${kind}/${id}`;
  const handler = economicFlowsPlugin.federation!.objects![0]!;

  /** Sends `fields` as a Create{EconomicEvent} by mallory, signed by mallory's self-declared key. */
  function receive(fields: Omit<SignableEvent, 'provider' | 'hasPointInTime'>, unsignedChanges: Record<string, unknown> = {}) {
    const signed: SignableEvent = { provider: mallory, hasPointInTime: nextTime(), ...fields };
    const payload = canonicalEvent(signed);
    const object = {
      ...signed,
      id: `${evil}/economic-flows/events/${randomUUID()}`,
      type: 'EconomicEvent',
      provider: { id: mallory, type: 'Person', name: 'Mallory', eddsaPublicKey: malloryKeys.publicKey },
      signedPayload: payload,
      eventSignature: signEd25519(payload, malloryKeys.secretKey),
      signerPublicKey: malloryKeys.publicKey,
      ...unsignedChanges,
    };
    return handler.on!.Create!({ id: `${object.id}/create`, type: 'Create', actor: mallory, object }, object, flowsServices(instance));
  }

  async function refusedUnchanged(attempt: () => Promise<unknown>, code: string, watched: string[]) {
    const before = await Promise.all(watched.map((id) => resource(instance, id)));
    let thrown: any;
    await attempt().catch((error) => (thrown = error));
    expect(thrown?.code, String(thrown?.stack ?? 'accepted')).toBe(code);
    expect(await Promise.all(watched.map((id) => resource(instance, id)))).toEqual(before);
    return thrown;
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    bob = await signer(instance, 'bob');
    const made = await record(instance, alice, { action: 'produce', provider: alice.agentId, receiver: alice.agentId, resourceQuantity: kg(2) }, { name: 'Wool' });
    wool = made.data.createEconomicEvent.economicResource.id;
    woolProduced = made.data.createEconomicEvent.economicEvent.id;
    const bin = await record(instance, bob, { action: 'raise', provider: bob.agentId, receiver: bob.agentId, resourceQuantity: kg(90) }, { name: 'Bob’s bin' });
    bobsBin = bin.data.createEconomicEvent.economicResource.id;
  }, 180_000);
  afterAll(() => instance.close());

  it('never changes a local resource on the provider’s side (a consume of our wool)', async () => {
    const error = await refusedUnchanged(
      () => receive({ action: 'consume', receiver: mallory, resourceInventoriedAs: local('resources', wool), resourceQuantity: kg(1) }),
      'FORBIDDEN',
      [wool],
    );
    expect(error.extensions.field).toBe('resourceInventoriedAs');
  });

  it('never corrects an event recorded here', async () => {
    const error = await refusedUnchanged(
      () => receive({ action: 'produce', receiver: mallory, resourceInventoriedAs: local('resources', wool), resourceQuantity: kg(-1), corrects: local('events', woolProduced) }),
      'FORBIDDEN',
      [wool],
    );
    expect(error.extensions.field).toBe('corrects');
  });

  it('transfers only into a resource the local receiver holds, with their consent, or a new one', async () => {
    const theirs = `${evil}/economic-flows/resources/${randomUUID()}`;
    // Into alice's resource, naming bob as receiver.
    await refusedUnchanged(
      () => receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: theirs, toResourceInventoriedAs: local('resources', wool), resourceQuantity: kg(5) }),
      'FORBIDDEN',
      [wool, bobsBin],
    );
    // Into bob's own bin, which he did not agree to.
    const error = await refusedUnchanged(
      () => receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: theirs, toResourceInventoriedAs: local('resources', bobsBin), resourceQuantity: kg(5) }),
      'FORBIDDEN',
      [bobsBin],
    );
    expect(error.message).toMatch(/consent/);
    // A new resource for bob: nothing of his changes.
    const uri = `${evil}/economic-flows/resources/${randomUUID()}`;
    await receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: uri, resourceQuantity: kg(5) });
    const { data } = await instance.graphql(`{ economicEvents(first: 1) { nodes { toResourceInventoriedAs { id } } } }`);
    const created = await resource(instance, data.economicEvents.nodes[0].toResourceInventoriedAs.id);
    expect(created).toMatchObject({ local: true, onhandQuantity: { hasNumericalValue: 5 }, primaryAccountable: { id: bob.agentId } });
  });

  it('a business rule broken is a typed refusal (BAD_USER_INPUT), not a failure', async () => {
    const theirs = `${evil}/economic-flows/resources/${randomUUID()}`;
    const unknownUnit = await refusedUnchanged(
      () => receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: theirs, resourceQuantity: { hasNumericalValue: 5, hasUnit: 'furlong' } }),
      'BAD_USER_INPUT',
      [bobsBin],
    );
    expect(unknownUnit.message).toMatch(/furlong/);
    // An object that says something else than its signed text was dropped with a log line (202, silence).
    const tampered = await refusedUnchanged(
      () => receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: theirs, resourceQuantity: kg(5) }, { resourceQuantity: kg(500) }),
      'BAD_USER_INPUT',
      [bobsBin],
    );
    expect(tampered.message).toMatch(/differs from the signed text/);
    await refusedUnchanged(
      () => receive({ action: 'transfer', receiver: `http://localhost.test/actors/bob`, resourceInventoriedAs: theirs, toResourceInventoriedAs: local('resources', randomUUID()), resourceQuantity: kg(5) }),
      'BAD_USER_INPUT',
      [bobsBin],
    );
  });
});
