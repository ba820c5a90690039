import { createTestInstance, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../src/index.js';
import type { EconomicFlowsServices } from '../src/services.js';
import { canonicalEvent } from '../src/signatures/canonical-event.js';
import { encodeBase58 } from '../src/signatures/base58.js';
import { publicKeyOfSecret, signEd25519 } from '../src/signatures/ed25519.js';
import { randomBytes } from 'node:crypto';

export interface KeyPair {
  secretKey: string;
  publicKey: string;
}

/** A key pair made as a client would (32 random bytes, base58, like Zenroom's keyring). */
export function clientKeys(): KeyPair {
  const secretKey = encodeBase58(randomBytes(32));
  return { secretKey, publicKey: publicKeyOfSecret(secretKey) };
}

export async function flowsInstance(settings: Record<string, unknown> = {}, instanceSettings: Record<string, unknown> = {}): Promise<TestInstance> {
  return createTestInstance({ plugins: [{ plugin: economicFlowsPlugin, settings }], settings: instanceSettings });
}

/**
 * economic-flows' own view of a test instance's services (its settings, its tables, its services), as
 * the kernel gives its handlers: what a test calling a handler or `seedDemo` directly must pass. The
 * sdk's harness offers core's cradle only, so this asks the core harness's running instance for it.
 */
export function flowsServices(instance: TestInstance): EconomicFlowsServices {
  const running: unknown = Reflect.get(instance, 'running');
  if (typeof running !== 'object' || running === null || !('viewOf' in running) || typeof running.viewOf !== 'function') {
    throw new Error('the test instance has no running.viewOf (core/src/testing)');
  }
  return running.viewOf(economicFlowsPlugin.id);
}

export const EVENT_FIELDS = `
  id uri hasPointInTime note local
  action { id }
  provider { id name } receiver { id name }
  resourceInventoriedAs { id name } toResourceInventoriedAs { id name }
  resourceQuantity { hasNumericalValue hasUnit { id } }
  signature { signature signerPublicKey verified signedPayload }
`;

export const RESOURCE_FIELDS = `
  id uri name trackingIdentifier ofBatchLot currentLocation state local
  accountingQuantity { hasNumericalValue hasUnit { id } }
  onhandQuantity { hasNumericalValue hasUnit { id } }
  primaryAccountable { id } custodian { id } containedIn { id } stage { id }
`;

const CREATE = `mutation($event: EconomicEventCreateParams!, $resource: EconomicResourceCreateParams) {
  createEconomicEvent(event: $event, newInventoriedResource: $resource) {
    economicEvent { ${EVENT_FIELDS} }
    economicResource { ${RESOURCE_FIELDS} }
  }
}`;

const PAYLOAD = `query($event: EconomicEventCreateParams!, $resource: EconomicResourceCreateParams) {
  economicEventSigningPayload(event: $event, newInventoriedResource: $resource)
}`;

/** A person with a registered client key, who signs their events. */
export interface Signer {
  user: TestUser;
  agentId: string;
  keys: KeyPair;
}

export async function signer(instance: TestInstance, username: string): Promise<Signer> {
  const user = await instance.createUser(username);
  const keys = clientKeys();
  const { data, errors } = await instance.graphql(`mutation($k: String!) { setAgentPublicKey(publicKey: $k) { id eddsaPublicKey } }`, { k: keys.publicKey }, { as: user });
  if (errors) throw new Error(JSON.stringify(errors));
  return { user, agentId: data.setAgentPublicKey.id, keys };
}

/**
 * Records an event signed by `as`: asks the server for the canonical form, checks it matches what the
 * client computes itself, signs it and sends it. Returns the GraphQL response.
 */
let clockTick = 0;
/** A distinct point in time for each event a test records (the time is part of what is signed). */
export function nextTime(): string {
  clockTick += 1;
  return new Date(Date.UTC(2026, 0, 1) + clockTick * 1000).toISOString();
}

export async function record(instance: TestInstance, as: Signer, given: Record<string, unknown>, resource?: Record<string, unknown>) {
  const event = { hasPointInTime: nextTime(), ...given };
  const variables = { event, resource: resource ?? null };
  const payload = await instance.graphql(PAYLOAD, variables, { as: as.user });
  if (payload.errors) return payload;
  const text: string = payload.data.economicEventSigningPayload;
  const signed = { ...event, signature: signEd25519(text, as.keys.secretKey), signerPublicKey: as.keys.publicKey };
  return instance.graphql(CREATE, { event: signed, resource: resource ?? null }, { as: as.user });
}

/** Sends an event exactly as given (signature fields included, or not). */
export function send(instance: TestInstance, as: TestUser, event: Record<string, unknown>, resource?: Record<string, unknown>) {
  return instance.graphql(CREATE, { event, resource: resource ?? null }, { as });
}

export async function resource(instance: TestInstance, id: string) {
  const { data } = await instance.graphql(`query($id: ID!) { economicResource(id: $id) { ${RESOURCE_FIELDS} } }`, { id });
  return data.economicResource;
}

export { canonicalEvent };
