import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../src/index.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { clientKeys, flowsServices, nextTime, resource, send, type KeyPair } from './helpers.js';

/**
 * Two instances in one process, each behind a loopback HTTP server of its own (127.0.0.1 and 127.0.0.2),
 * so deliveries, key fetches and actor lookups go over real HTTP between them.
 */
interface Peer {
  instance: TestInstance;
  url: string;
  server: Server;
}

async function peer(host: string, name: string): Promise<Peer> {
  const state: { instance?: TestInstance } = {};
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        const reply = await state.instance!.inject({
          method: request.method as 'GET',
          url: request.url ?? '/',
          headers: request.headers,
          ...(chunks.length > 0 ? { payload: Buffer.concat(chunks) } : {}),
        });
        const headers = { ...reply.headers };
        delete headers['transfer-encoding'];
        response.writeHead(reply.statusCode, headers as never).end(reply.rawPayload);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  state.instance = await createTestInstance({
    name,
    plugins: [economicFlowsPlugin],
    settings: { publicUrl: url, federation: { allowPrivateAddresses: true } },
  });
  return { instance: state.instance, url, server };
}

const ITEM = `__typename ... on EconomicEvent { id uri local action { id } } ... on EconomicResource { id uri local name } ... on Process { id uri name }`;

describe('a signed transfer between co-ops on two instances', () => {
  let milan: Peer;
  let paris: Peer;
  let milanKeys: KeyPair;
  let maria: Awaited<ReturnType<TestInstance['createUser']>>;
  let milanCoop: { id: string; uri: string };
  let parisCoop: { id: string; uri: string };
  const ids: Record<string, string> = {};

  async function signedEvent(event: Record<string, unknown>, newResource?: Record<string, unknown>) {
    const full = { hasPointInTime: nextTime(), provider: milanCoop.id, ...event };
    const payload = await milan.instance.graphql(
      `query($e: EconomicEventCreateParams!, $r: EconomicResourceCreateParams) { economicEventSigningPayload(event: $e, newInventoriedResource: $r) }`,
      { e: full, r: newResource ?? null },
      { as: maria },
    );
    expect(payload.errors).toBeUndefined();
    const signature = signEd25519(payload.data.economicEventSigningPayload, milanKeys.secretKey);
    const result = await send(milan.instance, maria, { ...full, signature, signerPublicKey: milanKeys.publicKey }, newResource);
    expect(result.errors).toBeUndefined();
    return result.data.createEconomicEvent;
  }

  async function until<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      await milan.instance.drainJobs();
      await paris.instance.drainJobs();
      const value = await probe();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    milan = await peer('127.0.0.1', 'Milan surplus food');
    paris = await peer('127.0.0.2', 'Paris event materials');
    maria = await milan.instance.createUser('maria');
    const pierre = await paris.instance.createUser('pierre');
    const madeMilan = await milan.instance.graphql(`mutation { createOrganization(organization: { username: "milan_coop", name: "Milan co-op" }) { id uri } }`, {}, { as: maria });
    milanCoop = madeMilan.data.createOrganization;
    milanKeys = clientKeys();
    const keyed = await milan.instance.graphql(`mutation($k: String!, $a: ID) { setAgentPublicKey(publicKey: $k, agent: $a) { eddsaPublicKey } }`, { k: milanKeys.publicKey, a: milanCoop.id }, { as: maria });
    expect(keyed.errors).toBeUndefined();
    const madeParis = await paris.instance.graphql(`mutation { createOrganization(organization: { username: "paris_coop", name: "Paris co-op" }) { id uri } }`, {}, { as: pierre });
    parisCoop = madeParis.data.createOrganization;

    // Milan's history: fabric offcuts counted, sorted, and the sorted lot produced.
    const kg = (value: number) => ({ hasNumericalValue: value, hasUnit: 'kg' });
    const raised = await signedEvent({ action: 'raise', receiver: milanCoop.id, resourceQuantity: kg(100) }, { name: 'Fabric offcuts' });
    ids.R0 = raised.economicResource.id;
    ids.E1 = raised.economicEvent.id;
    const process = await milan.instance.graphql(`mutation { createProcess(process: { name: "Sorting" }) { id } }`, {}, { as: maria });
    ids.P = process.data.createProcess.id;
    ids.E2 = (await signedEvent({ action: 'consume', receiver: milanCoop.id, resourceInventoriedAs: ids.R0, resourceQuantity: kg(100), inputOf: ids.P })).economicEvent.id;
    const produced = await signedEvent({ action: 'produce', receiver: milanCoop.id, resourceQuantity: kg(80), outputOf: ids.P }, { name: 'Sorted cotton offcuts', ofBatchLot: 'MI-2026-01' });
    ids.R1 = produced.economicResource.id;
    ids.E3 = produced.economicEvent.id;
  }, 120_000);

  afterAll(async () => {
    for (const side of [milan, paris]) {
      await side?.instance.close();
      await new Promise((resolve) => side?.server.close(resolve));
    }
  });

  it('records the transfer on both sides, verified on arrival, each inventory changing once', async () => {
    const transfer = await signedEvent({ action: 'transfer', receiver: parisCoop.uri, resourceInventoriedAs: ids.R1, resourceQuantity: { hasNumericalValue: 30, hasUnit: 'kg' }, toLocation: 'Paris, entrepôt 4' });
    const sent = transfer.economicEvent;
    expect(sent.receiver.name).toBe('Paris co-op');
    expect((await resource(milan.instance, ids.R1!)).onhandQuantity.hasNumericalValue).toBe(50);

    const arrived = await until(async () => {
      const { data } = await paris.instance.graphql(`query($e: ID!) { economicEvent(id: $e) { id uri local action { id } provider { uri local eddsaPublicKey } receiver { id } signature { signerPublicKey verified } toResourceInventoriedAs { id } resourceInventoriedAs { uri local } } }`, { e: sent.uri });
      return data?.economicEvent;
    }, 'the transfer on Paris');
    expect(arrived).toMatchObject({
      uri: sent.uri,
      local: false,
      action: { id: 'transfer' },
      provider: { uri: milanCoop.uri, local: false, eddsaPublicKey: milanKeys.publicKey },
      receiver: { id: parisCoop.id },
      signature: { signerPublicKey: milanKeys.publicKey, verified: true },
      resourceInventoriedAs: { uri: `${milan.url}/economic-flows/resources/${ids.R1}`, local: false },
    });
    const received = await resource(paris.instance, arrived.toResourceInventoriedAs.id);
    expect(received).toMatchObject({
      name: 'Sorted cotton offcuts',
      ofBatchLot: 'MI-2026-01',
      local: true,
      currentLocation: 'Paris, entrepôt 4',
      accountingQuantity: { hasNumericalValue: 30, hasUnit: { id: 'kg' } },
      onhandQuantity: { hasNumericalValue: 30 },
      primaryAccountable: { id: parisCoop.id },
    });
    ids.Rparis = received.id;

    // Deliveries retried or replayed change nothing more, on either side.
    await milan.instance.drainJobs();
    await paris.instance.drainJobs();
    expect((await resource(paris.instance, ids.Rparis!)).onhandQuantity.hasNumericalValue).toBe(30);
    expect((await resource(milan.instance, ids.R1!)).onhandQuantity.hasNumericalValue).toBe(50);
    const onMilan = await milan.instance.graphql(`{ economicEvents(first: 20) { nodes { id } } }`);
    expect(onMilan.data.economicEvents.nodes).toHaveLength(4);
  });

  it('traces the Paris resource back through Milan’s history', async () => {
    const { data, errors } = await paris.instance.graphql(`query($r: ID!) { trace(resourceId: $r) { ${ITEM} } }`, { r: ids.Rparis });
    expect(errors).toBeUndefined();
    const milanUri = (kind: string, name: string) => `${milan.url}/economic-flows/${kind}/${ids[name]}`;
    expect(data.trace.map((item: { uri: string }) => item.uri)).toEqual([
      `${paris.url}/economic-flows/resources/${ids.Rparis}`,
      expect.stringContaining(`${milan.url}/economic-flows/events/`),
      milanUri('resources', 'R1'),
      milanUri('events', 'E3'),
      milanUri('processes', 'P'),
      milanUri('events', 'E2'),
      milanUri('resources', 'R0'),
      milanUri('events', 'E1'),
    ]);
    // The history's events arrived signed, and were checked.
    const produce = await paris.instance.graphql(`query($e: ID!) { economicEvent(id: $e) { local signature { verified } } }`, { e: milanUri('events', 'E3') });
    expect(produce.data.economicEvent).toEqual({ local: false, signature: { verified: true } });
  });

  it('serves its objects as ActivityStreams with the ValueFlows context', async () => {
    const response = await fetch(`${milan.url}/economic-flows/events/${ids.E3}`, { headers: { accept: 'application/activity+json' } });
    expect(response.status).toBe(200);
    const object = (await response.json()) as Record<string, any>;
    expect(object['@context'][1]).toMatchObject({ vf: 'https://w3id.org/valueflows/ont/vf#' });
    expect(object).toMatchObject({ type: 'EconomicEvent', action: 'produce', attributedTo: milanCoop.uri, resourceQuantity: { hasNumericalValue: 80, hasUnit: 'kg' } });
    expect(typeof object.eventSignature).toBe('string');
  });

  it('refuses an event whose signature does not verify on arrival, storing nothing', async () => {
    const response = await fetch(`${milan.url}/economic-flows/events/${ids.E3}`);
    const object = (await response.json()) as Record<string, any>;
    const tampered = { ...object, id: `${milan.url}/economic-flows/events/00000000-0000-4000-8000-000000000001`, resourceQuantity: { hasNumericalValue: 8000, hasUnit: 'kg' } };
    const handler = economicFlowsPlugin.federation!.objects![0]!;
    await expect(handler.on!.Create!({ type: 'Create', actor: milanCoop.uri, object: tampered }, tampered, flowsServices(paris.instance))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const stored = await paris.instance.graphql(`query($e: ID!) { economicEvent(id: $e) { id } }`, { e: tampered.id });
    expect(stored.data.economicEvent).toBeNull();
    // Signed text changed to match, but then the signature itself fails.
    const resigned = { ...tampered, signedPayload: String(object.signedPayload).replace('"hasNumericalValue":80', '"hasNumericalValue":8000') };
    await expect(handler.on!.Create!({ type: 'Create', actor: milanCoop.uri, object: resigned }, resigned, flowsServices(paris.instance))).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/does not verify/) });
    expect((await paris.instance.graphql(`query($e: ID!) { economicEvent(id: $e) { id } }`, { e: tampered.id })).data.economicEvent).toBeNull();
  });
});
