import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { ACTIONS } from '../src/actions/table.js';
import { flowsInstance, record, resource, signer, type Signer } from './helpers.js';

/** The shared fixture, read here on its own: the test checks the plugin against it, not against itself. */
interface FixtureAction {
  id: string;
  inputOutput: string | null;
  createResource: string | null;
  eventQuantity: string;
  accountingEffect: string | null;
  onhandEffect: string | null;
  locationEffect: string | null;
  containedEffect: string | null;
  accountableEffect: string | null;
  stageEffect: string | null;
  stateEffect: string | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/valueflows/actions.json', import.meta.url), 'utf8')) as { actions: FixtureAction[] };

describe('the ValueFlows action table', () => {
  it('is the fixture’s: 19 actions with the same effects', () => {
    expect(fixture.actions).toHaveLength(19);
    expect(ACTIONS.size).toBe(19);
    for (const action of fixture.actions) expect(ACTIONS.get(action.id as never)).toEqual(action);
  });
});

const Q = 4;
const delta = (effect: string | null, side: 'from' | 'to') => {
  if (side === 'from') return effect === 'increment' ? Q : effect === 'decrement' || effect === 'decrementIncrement' ? -Q : 0;
  return effect === 'decrementIncrement' || effect === 'incrementTo' ? Q : 0;
};

describe('every action applies the effects its row of the table gives', () => {
  let instance: TestInstance;
  let alice: Signer;
  let bob: Signer;
  let specId: string;
  let stageSpecId: string;

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    bob = await signer(instance, 'bob');
    const spec = await instance.graphql(`mutation { createResourceSpecification(resourceSpecification: { name: "Denim", defaultUnitOfResource: "kg" }) { id } }`, {}, { as: alice.user });
    specId = spec.data.createResourceSpecification.id;
    const stage = await instance.graphql(`mutation { createProcessSpecification(processSpecification: { name: "Dyeing" }) { id } }`, {}, { as: alice.user });
    stageSpecId = stage.data.createProcessSpecification.id;
  });
  afterAll(() => instance.close());

  async function stock(owner: Signer, name: string, kg = 100): Promise<string> {
    const made = await record(instance, owner, { action: 'raise', provider: owner.agentId, receiver: owner.agentId, resourceQuantity: { hasNumericalValue: kg, hasUnit: 'kg' } }, { name, conformsTo: specId });
    expect(made.errors).toBeUndefined();
    return made.data.createEconomicEvent.economicResource.id;
  }

  /** A commitment made by `by` (their consent to receive what it names). */
  async function commitment(by: Signer, commitment: Record<string, unknown>): Promise<string> {
    const made = await instance.graphql(`mutation($c: CommitmentCreateParams!) { createCommitment(commitment: $c) { id } }`, { c: commitment }, { as: by.user });
    expect(made.errors).toBeUndefined();
    return made.data.createCommitment.id;
  }

  async function process(): Promise<string> {
    const made = await instance.graphql(`mutation($s: ID) { createProcess(process: { name: "Work", basedOn: $s }) { id } }`, { s: stageSpecId }, { as: alice.user });
    return made.data.createProcess.id;
  }

  for (const action of fixture.actions) {
    it(`${action.id}`, async () => {
      const from = action.eventQuantity === 'effort' || action.id === 'deliverService' ? null : await stock(alice, `${action.id} input`);
      // A transfer's receiving resource is bob's (he consents by a commitment); a combine's container is alice's own.
      const to = action.createResource === 'optionalTo' ? await stock(bob, `${action.id} receiver`, 10) : action.containedEffect === 'update' ? await stock(alice, `${action.id} container`, 10) : null;
      const consent = action.createResource === 'optionalTo' ? await commitment(bob, { action: action.id, provider: alice.agentId, receiver: bob.agentId, resourceQuantity: { hasNumericalValue: Q, hasUnit: 'kg' } }) : null;
      if (action.containedEffect === 'remove') {
        const container = await stock(alice, 'container', 1);
        const packed = await record(instance, alice, { action: 'combine', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: from, toResourceInventoriedAs: container, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, inputOf: await process() });
        expect(packed.errors).toBeUndefined();
        expect((await resource(instance, from!)).containedIn).toEqual({ id: container });
      }
      const processId = action.inputOutput ? await process() : null;
      const fromBefore = from ? await resource(instance, from) : null;
      const toBefore = to ? await resource(instance, to) : null;

      const event: Record<string, unknown> = {
        action: action.id,
        provider: alice.agentId,
        receiver: action.createResource === 'optionalTo' ? bob.agentId : alice.agentId,
        resourceInventoriedAs: from,
        toResourceInventoriedAs: to,
        toLocation: 'Amsterdam, Pier 3',
        state: 'checked',
        ...(action.eventQuantity !== 'effort' ? { resourceQuantity: { hasNumericalValue: Q, hasUnit: 'kg' } } : {}),
        ...(action.eventQuantity !== 'resource' ? { effortQuantity: { hasNumericalValue: 2, hasUnit: 'h' } } : {}),
        ...(action.inputOutput === 'input' ? { inputOf: processId } : action.inputOutput ? { outputOf: processId } : {}),
        ...(consent ? { fulfills: consent } : {}),
      };
      const result = await record(instance, alice, event);
      expect(result.errors).toBeUndefined();
      expect(result.data.createEconomicEvent.economicEvent.signature.verified).toBe(true);

      if (from && fromBefore) {
        const after = await resource(instance, from);
        expect(after.accountingQuantity.hasNumericalValue, 'accountingEffect').toBe(fromBefore.accountingQuantity.hasNumericalValue + delta(action.accountingEffect, 'from'));
        expect(after.onhandQuantity.hasNumericalValue, 'onhandEffect').toBe(fromBefore.onhandQuantity.hasNumericalValue + delta(action.onhandEffect, 'from'));
        expect(after.currentLocation, 'locationEffect').toBe(action.locationEffect === 'update' ? 'Amsterdam, Pier 3' : fromBefore.currentLocation);
        expect(after.state, 'stateEffect').toBe(action.stateEffect === 'update' ? 'checked' : fromBefore.state);
        expect(after.stage?.id ?? null, 'stageEffect').toBe(action.stageEffect === 'update' ? stageSpecId : null);
        const contained = action.containedEffect === 'update' ? { id: to } : action.containedEffect === 'remove' ? null : fromBefore.containedIn;
        expect(after.containedIn, 'containedEffect').toEqual(contained);
        expect(after.primaryAccountable, 'accountable of the provider’s resource').toEqual(fromBefore.primaryAccountable);
      }
      if (to && toBefore && action.createResource === 'optionalTo') {
        const after = await resource(instance, to);
        expect(after.accountingQuantity.hasNumericalValue, 'accountingEffect (to)').toBe(10 + delta(action.accountingEffect, 'to'));
        expect(after.onhandQuantity.hasNumericalValue, 'onhandEffect (to)').toBe(10 + delta(action.onhandEffect, 'to'));
        expect(after.currentLocation, 'locationEffect (to)').toBe(action.locationEffect === 'updateTo' ? 'Amsterdam, Pier 3' : toBefore.currentLocation);
        expect(after.state, 'stateEffect (to)').toBe(action.stateEffect === 'updateTo' ? 'checked' : toBefore.state);
        expect(after.primaryAccountable, 'accountableEffect (to)').toEqual(action.accountableEffect === 'updateTo' ? { id: bob.agentId } : toBefore.primaryAccountable);
        expect(after.custodian, 'custody follows onhand').toEqual(action.onhandEffect === 'decrementIncrement' ? { id: bob.agentId } : toBefore.custodian);
      }
    });
  }

  it('actions that may create a resource create it, with their `new` effects on it', async () => {
    for (const action of fixture.actions.filter((entry) => entry.createResource !== null)) {
      const processId = action.inputOutput ? await process() : null;
      const optionalTo = action.createResource === 'optionalTo';
      const from = optionalTo ? await stock(alice, `${action.id} source`) : null;
      const result = await record(
        instance,
        alice,
        {
          action: action.id,
          provider: alice.agentId,
          receiver: optionalTo ? bob.agentId : alice.agentId,
          resourceInventoriedAs: from,
          resourceConformsTo: optionalTo ? null : specId,
          resourceQuantity: { hasNumericalValue: Q, hasUnit: 'kg' },
          toLocation: 'Milan',
          state: 'new',
          ...(action.inputOutput === 'output' ? { outputOf: processId } : {}),
        },
        optionalTo ? undefined : { name: `${action.id} made`, trackingIdentifier: 'LOT-1' },
      );
      if (action.accountingEffect === 'decrement') {
        // Lowering a resource that does not exist yet would start it below zero.
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceQuantity' });
        continue;
      }
      expect(result.errors, action.id).toBeUndefined();
      const created = result.data.createEconomicEvent.economicResource;
      expect(created.id, action.id).not.toBe(from);
      expect(created.name).toBe(optionalTo ? `${action.id} source` : `${action.id} made`);
      expect(created.accountingQuantity.hasNumericalValue, `${action.id} accounting`).toBe(action.accountingEffect === 'decrement' ? -Q : action.accountingEffect ? Q : 0);
      expect(created.onhandQuantity.hasNumericalValue, `${action.id} onhand`).toBe(action.onhandEffect === 'decrement' ? -Q : action.onhandEffect ? Q : 0);
      expect(created.currentLocation, `${action.id} location`).toBe(action.locationEffect === 'new' || action.locationEffect === 'updateTo' ? 'Milan' : null);
      expect(created.primaryAccountable, `${action.id} accountable`).toEqual(action.accountableEffect ? { id: optionalTo ? bob.agentId : alice.agentId } : null);
    }
  });
});
