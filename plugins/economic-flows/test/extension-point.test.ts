import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../src/index.js';
import { EventRecorder } from '../src/services/event-recorder.js';
import type { EconomicFlowsServices } from '../src/services.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { dependentPlugin, heardEvents, outsiderPlugin } from './fixtures/dependent-plugins.js';
import { flowsServices, nextTime, record, signer, type Signer } from './helpers.js';

describe('economic-flows’ extension point, seen from a plugin that depends on it', () => {
  let instance: TestInstance;
  let alice: Signer;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [{ plugin: economicFlowsPlugin }, { plugin: dependentPlugin }] });
    alice = await signer(instance, 'alice');
  });
  afterAll(() => instance.close());

  it('lets the dependent create an intent and a proposal as the viewer, and add a field to Proposal', async () => {
    const asked = await instance.graphql(`mutation { economicDependentAskForHelp(name: "Moving boxes on Saturday") }`, {}, { as: alice.user });
    expect(asked.errors).toBeUndefined();
    const { data, errors } = await instance.graphql(
      `query($id: ID!) { proposal(id: $id) { name purpose publishes { note receiver { id } } economicDependentSummary } }`,
      { id: asked.data.economicDependentAskForHelp },
    );
    expect(errors).toBeUndefined();
    expect(data.proposal).toEqual({
      name: 'Moving boxes on Saturday',
      purpose: 'request',
      publishes: [{ note: 'Moving boxes on Saturday', receiver: { id: alice.agentId } }],
      economicDependentSummary: 'request with 1 intent(s): Moving boxes on Saturday',
    });
  });

  it('keeps the GraphQL mutations’ rules: asking for help needs a logged-in viewer', async () => {
    const { errors } = await instance.graphql(`mutation { economicDependentAskForHelp(name: "anonymous") }`);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('tells the dependent of an event once it is recorded', async () => {
    const result = await record(instance, alice, {
      action: 'raise',
      provider: alice.agentId,
      receiver: alice.agentId,
      resourceQuantity: { hasNumericalValue: 3, hasUnit: 'kg' },
    }, { name: 'Flour' });
    expect(result.errors).toBeUndefined();
    const id = result.data.createEconomicEvent.economicEvent.id;
    expect(heardEvents.map((heard) => heard.event.id)).toContain(id);
    const heard = heardEvents.find((event) => event.event.id === id)!;
    expect(heard.provider.id).toBe(alice.agentId);
    expect(heard.resource?.name).toBe('Flour');
  });

  it('tells it of an event recorded inside a caller’s transaction only after that commits (by a job)', async () => {
    const view = flowsServices(instance);
    const viewer = { accountId: alice.user.accountId, actorId: alice.user.actorId, username: alice.user.username, roles: ['member' as const], sessionId: 'test' };
    const recorder = await view.economicFlows.agentOf(viewer);
    const input = {
      action: 'raise',
      provider: alice.agentId,
      receiver: alice.agentId,
      hasPointInTime: nextTime(),
      resourceQuantity: { hasNumericalValue: 5, hasUnit: 'kg' },
    };
    const payload = await new EventRecorder(view).signingPayload(input, { name: 'Rye' }, recorder);
    const signed = { ...input, signature: signEd25519(payload, alice.keys.secretKey), signerPublicKey: alice.keys.publicKey };
    let recordedId = '';
    await view.db.transaction().execute(async (tx) => {
      // As an inbox handler's view: the same services, with the transaction as its database.
      const inTransaction: EconomicFlowsServices = Object.create(view, { db: { value: tx } });
      recordedId = (await new EventRecorder(inTransaction).record(signed, { name: 'Rye' }, { recorder })).event.id;
      expect(heardEvents.some((heard) => heard.event.id === recordedId)).toBe(false);
    });
    await instance.drainJobs();
    const heard = heardEvents.find((event) => event.event.id === recordedId);
    expect(heard?.resource?.name).toBe('Rye');
    expect(heard?.receiver.id).toBe(alice.agentId);
  });
});

describe('a plugin that does not depend on economic-flows', () => {
  it('cannot reach its extension point: boot stops, naming the service and the missing dependsOn', async () => {
    await expect(createTestInstance({ plugins: [{ plugin: economicFlowsPlugin }, { plugin: outsiderPlugin }] })).rejects.toThrow(
      /economic-outsider.*may not use service "economicFlows".*dependsOn/s,
    );
  });
});
