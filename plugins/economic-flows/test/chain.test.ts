import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { flowsInstance, record, resource, signer, type Signer } from './helpers.js';

const ITEM = `__typename ... on EconomicEvent { id action { id } } ... on EconomicResource { id name } ... on Process { id name }`;

describe('a produce -> process -> transfer -> consume chain, traced and tracked', () => {
  let instance: TestInstance;
  let alice: Signer;
  let bob: Signer;
  const ids: Record<string, string> = {};

  const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
  async function event(as: Signer, name: string, input: Record<string, unknown>, newResource?: Record<string, unknown>) {
    const result = await record(instance, as, input, newResource);
    expect(result.errors, name).toBeUndefined();
    ids[name] = result.data.createEconomicEvent.economicEvent.id;
    return result.data.createEconomicEvent;
  }
  async function process(as: Signer, name: string) {
    const made = await instance.graphql(`mutation($n: String!) { createProcess(process: { name: $n }) { id } }`, { n: name }, { as: as.user });
    ids[name] = made.data.createProcess.id;
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    bob = await signer(instance, 'bob');
    const a = alice.agentId;
    const b = bob.agentId;
    ids.R0 = (await event(alice, 'E1', { action: 'raise', provider: a, receiver: a, resourceQuantity: kg(200) }, { name: 'Raw cotton' })).economicResource.id;
    await process(alice, 'P1');
    await event(alice, 'E2', { action: 'consume', provider: a, receiver: a, resourceInventoriedAs: ids.R0, resourceQuantity: kg(50), inputOf: ids.P1 });
    await event(alice, 'E3', { action: 'work', provider: a, receiver: a, effortQuantity: { hasNumericalValue: 3, hasUnit: 'h' }, inputOf: ids.P1 });
    ids.R1 = (await event(alice, 'E4', { action: 'produce', provider: a, receiver: a, resourceQuantity: kg(40), outputOf: ids.P1 }, { name: 'Yarn', ofBatchLot: 'LOT-7' })).economicResource.id;
    ids.R2 = (await event(alice, 'E5', { action: 'transfer', provider: a, receiver: b, resourceInventoriedAs: ids.R1, resourceQuantity: kg(30), toLocation: 'Bob’s workshop' })).economicResource.id;
    await process(bob, 'P2');
    await event(bob, 'E6', { action: 'consume', provider: b, receiver: b, resourceInventoriedAs: ids.R2, resourceQuantity: { hasNumericalValue: 30_000, hasUnit: 'g' }, inputOf: ids.P2 });
    ids.R3 = (await event(bob, 'E7', { action: 'produce', provider: b, receiver: b, resourceQuantity: { hasNumericalValue: 12, hasUnit: 'm' }, outputOf: ids.P2 }, { name: 'Fabric' })).economicResource.id;
  });
  afterAll(() => instance.close());

  it('applies each step to the resources', async () => {
    expect((await resource(instance, ids.R0!)).accountingQuantity.hasNumericalValue).toBe(150);
    const yarn = await resource(instance, ids.R1!);
    expect(yarn).toMatchObject({ accountingQuantity: { hasNumericalValue: 10 }, onhandQuantity: { hasNumericalValue: 10 }, primaryAccountable: { id: alice.agentId } });
    const bobsYarn = await resource(instance, ids.R2!);
    // Created by the transfer, carrying the batch; 30 kg came in and 30,000 g went out.
    expect(bobsYarn).toMatchObject({ name: 'Yarn', ofBatchLot: 'LOT-7', currentLocation: 'Bob’s workshop', primaryAccountable: { id: bob.agentId }, custodian: { id: bob.agentId } });
    expect(bobsYarn.accountingQuantity).toEqual({ hasNumericalValue: 0, hasUnit: { id: 'kg' } });
    expect((await resource(instance, ids.R3!)).accountingQuantity).toEqual({ hasNumericalValue: 12, hasUnit: { id: 'm' } });
  });

  it('traces the fabric back to the raw cotton, in the order the spec’s walk gives', async () => {
    const { data, errors } = await instance.graphql(`query($r: ID!) { trace(resourceId: $r) { ${ITEM} } }`, { r: ids.R3 });
    expect(errors).toBeUndefined();
    expect(data.trace.map((item: { id: string }) => item.id)).toEqual(
      ['R3', 'E7', 'P2', 'E6', 'R2', 'E5', 'R1', 'E4', 'P1', 'E3', 'E2', 'R0', 'E1'].map((name) => ids[name]),
    );
    const shallow = await instance.graphql(`query($r: ID!) { trace(resourceId: $r, depth: 2) { ${ITEM} } }`, { r: ids.R3 });
    expect(shallow.data.trace.map((item: { id: string }) => item.id)).toEqual([ids.R3, ids.E7, ids.P2]);
    const steps = await instance.graphql(`query($r: ID!) { traceSteps(resourceId: $r, depth: 3) { distance item { ${ITEM} } } }`, { r: ids.R3 });
    expect(steps.data.traceSteps.map((step: { distance: number }) => step.distance)).toEqual([0, 1, 2, 3]);
  });

  it('tracks the raw cotton forward to the fabric', async () => {
    const { data, errors } = await instance.graphql(`query($r: ID!) { track(resourceId: $r) { ${ITEM} } }`, { r: ids.R0 });
    expect(errors).toBeUndefined();
    expect(data.track.map((item: { id: string }) => item.id)).toEqual(
      ['R0', 'E1', 'E2', 'P1', 'E4', 'R1', 'E5', 'R2', 'E6', 'P2', 'E7', 'R3'].map((name) => ids[name]),
    );
  });

  it('gives previous and next on events, resources and processes', async () => {
    const query = `query($r: ID!, $e: ID!, $p: ID!) {
      economicResource(id: $r) { previous { ${ITEM} } next { ${ITEM} } }
      economicEvent(id: $e) { previous { ${ITEM} } next { ${ITEM} } }
      process(id: $p) { previous { ${ITEM} } next { ${ITEM} } inputs { id } outputs { id } }
    }`;
    const { data, errors } = await instance.graphql(query, { r: ids.R2, e: ids.E5, p: ids.P1 });
    expect(errors).toBeUndefined();
    const idsOf = (items: Array<{ id: string }>) => items.map((item) => item.id).sort();
    expect(idsOf(data.economicResource.previous)).toEqual([ids.E5]);
    expect(idsOf(data.economicResource.next)).toEqual([ids.E6]);
    expect(idsOf(data.economicEvent.previous)).toEqual([ids.R1]);
    expect(idsOf(data.economicEvent.next)).toEqual([ids.R2]);
    expect(idsOf(data.process.previous)).toEqual([ids.E2, ids.E3].sort());
    expect(idsOf(data.process.next)).toEqual([ids.E4]);
    expect(idsOf(data.process.outputs)).toEqual([ids.E4]);
  });

  it('lists events with a filter, newest first, in pages', async () => {
    const first = await instance.graphql(`query($p: ID!) { economicEvents(filter: { provider: $p }, first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { p: alice.agentId });
    expect(first.data.economicEvents.nodes.map((node: { id: string }) => node.id)).toEqual([ids.E5, ids.E4]);
    const rest = await instance.graphql(`query($p: ID!, $a: String) { economicEvents(filter: { provider: $p }, first: 10, after: $a) { nodes { id } pageInfo { hasNextPage } } }`, {
      p: alice.agentId,
      a: first.data.economicEvents.pageInfo.endCursor,
    });
    expect(rest.data.economicEvents.nodes.map((node: { id: string }) => node.id)).toEqual([ids.E3, ids.E2, ids.E1]);
  });

  it('corrects an event with another one rather than editing it', async () => {
    // 50 kg were consumed in spinning, not 40: the correction backs 10 kg out.
    const correction = await record(instance, alice, {
      action: 'consume', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: ids.R0,
      resourceQuantity: kg(-10), inputOf: ids.P1, corrects: ids.E2,
    });
    expect(correction.errors).toBeUndefined();
    expect((await resource(instance, ids.R0!)).accountingQuantity.hasNumericalValue).toBe(160);
    const original = await instance.graphql(`query($e: ID!) { economicEvent(id: $e) { resourceQuantity { hasNumericalValue } correctedBy { id corrects { id } } } }`, { e: ids.E2 });
    expect(original.data.economicEvent.resourceQuantity.hasNumericalValue).toBe(50);
    expect(original.data.economicEvent.correctedBy).toEqual([{ id: correction.data.createEconomicEvent.economicEvent.id, corrects: { id: ids.E2 } }]);

    const otherAction = await record(instance, alice, { action: 'use', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: ids.R0, resourceQuantity: kg(1), inputOf: ids.P1, corrects: ids.E2 });
    expect(otherAction.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'corrects' });
    const otherResource = await record(instance, alice, { action: 'consume', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: ids.R1, resourceQuantity: kg(-1), inputOf: ids.P1, corrects: ids.E2 });
    expect(otherResource.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceInventoriedAs' });
    expect((await resource(instance, ids.R1!)).accountingQuantity.hasNumericalValue).toBe(10);
  });
});
