import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { ZencodePool } from '../src/signatures/zencode-pool.js';
import { zencodeCreateKeys, zencodeSign, zencodeVerify } from '../src/signatures/zencode-scripts.js';
import { publicKeyOfSecret, signEd25519, verifyEd25519 } from '../src/signatures/ed25519.js';
import { canonicalEvent } from '../src/signatures/canonical-event.js';
import { clientKeys, flowsInstance, nextTime, record, resource, send, signer, type Signer } from './helpers.js';

describe('Zenroom EdDSA and node:crypto Ed25519 agree', () => {
  const pool = new ZencodePool({ size: 2, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  const messages = [
    canonicalEvent({ action: 'transfer', provider: 'https://milan.example/actors/coop', receiver: 'https://paris.example/actors/coop', resourceQuantity: { hasNumericalValue: 12.5, hasUnit: 'kg' }, note: 'bobines — 棉' }),
    'a',
    'x'.repeat(5_000),
  ];

  it('Zencode signs, node verifies; node signs, Zencode verifies; on the same keys and messages', async () => {
    const keys = await zencodeCreateKeys(pool);
    expect(publicKeyOfSecret(keys.secretKey)).toBe(keys.publicKey);
    for (const message of messages) {
      const byZencode = await zencodeSign(pool, message, keys.secretKey);
      const byNode = signEd25519(message, keys.secretKey);
      // Ed25519 is deterministic: the same key and message give the same signature on both.
      expect(byZencode).toBe(byNode);
      expect(verifyEd25519(message, byZencode, keys.publicKey)).toBe(true);
      expect(await zencodeVerify(pool, message, byNode, keys.publicKey)).toBe(true);
    }
  });

  it('and both refuse a tampered message or another key', async () => {
    const keys = await zencodeCreateKeys(pool);
    const other = clientKeys();
    const signature = signEd25519(messages[0]!, keys.secretKey);
    const tampered = messages[0]!.replace('12.5', '125');
    expect(verifyEd25519(tampered, signature, keys.publicKey)).toBe(false);
    expect(await zencodeVerify(pool, tampered, signature, keys.publicKey)).toBe(false);
    expect(verifyEd25519(messages[0]!, signature, other.publicKey)).toBe(false);
    expect(await zencodeVerify(pool, messages[0]!, signature, other.publicKey)).toBe(false);
  });

  it('runs Zencode calls in several threads at once', async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 4 }, () => zencodeCreateKeys(pool)));
    expect(new Set(results.map((keys) => keys.publicKey)).size).toBe(4);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('retires workers left idle, and starts one again for the next call', async () => {
    const idlePool = new ZencodePool({ size: 2, timeoutMs: 20_000, idleMs: 1_000 });
    try {
      await Promise.all([zencodeCreateKeys(idlePool), zencodeCreateKeys(idlePool)]);
      expect(idlePool.workerCount).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(idlePool.workerCount).toBe(0);
      const keys = await zencodeCreateKeys(idlePool);
      expect(keys.publicKey).toBeTruthy();
      expect(idlePool.workerCount).toBe(1);
    } finally {
      await idlePool.close();
    }
  });
});

describe('signed events through GraphQL', () => {
  let instance: TestInstance;
  let alice: Signer;
  let mallory: Signer;
  let cotton: string;

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
    mallory = await signer(instance, 'mallory');
    const made = await record(instance, alice, { action: 'raise', provider: alice.agentId, receiver: alice.agentId, resourceQuantity: { hasNumericalValue: 10, hasUnit: 'kg' } }, { name: 'Cotton' });
    cotton = made.data.createEconomicEvent.economicResource.id;
  });
  afterAll(() => instance.close());

  const consume = (quantity: number, time: string) => ({
    action: 'consume', provider: alice.agentId, receiver: alice.agentId, resourceInventoriedAs: cotton,
    resourceQuantity: { hasNumericalValue: quantity, hasUnit: 'kg' }, hasPointInTime: time,
  });
  async function payload(event: Record<string, unknown>) {
    const { data } = await instance.graphql(`query($e: EconomicEventCreateParams!) { economicEventSigningPayload(event: $e) }`, { e: event }, { as: alice.user });
    return data.economicEventSigningPayload as string;
  }

  it('shows the signature, the signer’s key and the verification, and the signed text is the event’s JCS form', async () => {
    const event = consume(1, nextTime());
    const text = await payload(event);
    expect(JSON.parse(text)).toMatchObject({ action: 'consume', resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, hasPointInTime: event.hasPointInTime });
    expect(text).toBe(canonicalEvent(JSON.parse(text)));
    const result = await send(instance, alice.user, { ...event, signature: signEd25519(text, alice.keys.secretKey), signerPublicKey: alice.keys.publicKey });
    expect(result.errors).toBeUndefined();
    expect(result.data.createEconomicEvent.economicEvent.signature).toEqual({
      signature: signEd25519(text, alice.keys.secretKey),
      signerPublicKey: alice.keys.publicKey,
      verified: true,
      signedPayload: text,
    });
  });

  it('refuses a tampered event (signed for 1 kg, sent for 9 kg), changing nothing', async () => {
    const signedFor = consume(1, nextTime());
    const signature = signEd25519(await payload(signedFor), alice.keys.secretKey);
    const before = await resource(instance, cotton);
    const result = await send(instance, alice.user, { ...consume(9, signedFor.hasPointInTime), signature, signerPublicKey: alice.keys.publicKey });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signature' });
    expect(result.errors?.[0]?.message).toMatch(/does not verify/);
    expect(await resource(instance, cotton)).toEqual(before);
  });

  it('refuses a signer who is not the provider, and an event sent twice', async () => {
    const event = consume(1, nextTime());
    const text = await payload(event);
    const byMallory = await send(instance, alice.user, { ...event, signature: signEd25519(text, mallory.keys.secretKey), signerPublicKey: mallory.keys.publicKey });
    expect(byMallory.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signerPublicKey' });
    expect(byMallory.errors?.[0]?.message).toMatch(/not the provider/);

    const signed = { ...event, signature: signEd25519(text, alice.keys.secretKey), signerPublicKey: alice.keys.publicKey };
    expect((await send(instance, alice.user, signed)).errors).toBeUndefined();
    const before = await resource(instance, cotton);
    const again = await send(instance, alice.user, signed);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'signature' });
    expect(await resource(instance, cotton)).toEqual(before);
  });

  it('refuses an unsigned event while signatures are required', async () => {
    const result = await send(instance, alice.user, consume(1, nextTime()));
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'signature' });
  });

  it('signs for an organisation that asked for a server-held key (made with Zencode)', async () => {
    const made = await instance.graphql(
      `mutation { createOrganization(organization: { username: "milan_coop", name: "Milan food co-op", serverHeldKey: true }) { id uri agentType eddsaPublicKey serverHeldKey } }`,
      {},
      { as: alice.user },
    );
    expect(made.errors).toBeUndefined();
    const org = made.data.createOrganization;
    expect(org).toMatchObject({ agentType: 'Organization', serverHeldKey: true, uri: 'http://localhost.test/actors/milan_coop' });
    expect(org.eddsaPublicKey).toMatch(/^[1-9A-HJ-NP-Za-km-z]{43,44}$/);
    const produced = await send(instance, alice.user, { action: 'raise', provider: org.id, receiver: org.id, resourceQuantity: { hasNumericalValue: 5, hasUnit: 'kg' } }, { name: 'Surplus bread' });
    expect(produced.errors).toBeUndefined();
    const { signature } = produced.data.createEconomicEvent.economicEvent;
    expect(signature).toMatchObject({ signerPublicKey: org.eddsaPublicKey, verified: true });
    expect(verifyEd25519(signature.signedPayload, signature.signature, org.eddsaPublicKey)).toBe(true);
    // Someone who is not a member of the organisation cannot record for it.
    const outsider = await send(instance, mallory.user, { action: 'raise', provider: org.id, receiver: org.id, resourceQuantity: { hasNumericalValue: 5, hasUnit: 'kg' } }, { name: 'Fake bread' });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('accepts a key pair made on the client with Zencode: the server keeps only the public key', async () => {
    const pool = new ZencodePool({ size: 1, timeoutMs: 20_000 });
    try {
      const keys = await zencodeCreateKeys(pool);
      const carol = await instance.createUser('carol');
      const set = await instance.graphql(`mutation($k: String!) { setAgentPublicKey(publicKey: $k) { id eddsaPublicKey serverHeldKey } }`, { k: keys.publicKey }, { as: carol });
      expect(set.data.setAgentPublicKey).toMatchObject({ eddsaPublicKey: keys.publicKey, serverHeldKey: false });
      const agentId = set.data.setAgentPublicKey.id;
      const event = { action: 'raise', provider: agentId, receiver: agentId, resourceQuantity: { hasNumericalValue: 3, hasUnit: 'kg' }, hasPointInTime: nextTime() };
      const text = (await instance.graphql(`query($e: EconomicEventCreateParams!, $r: EconomicResourceCreateParams) { economicEventSigningPayload(event: $e, newInventoriedResource: $r) }`, { e: event, r: { name: 'Wool' } }, { as: carol })).data.economicEventSigningPayload;
      const signature = await zencodeSign(pool, text, keys.secretKey);
      const result = await send(instance, carol, { ...event, signature, signerPublicKey: keys.publicKey }, { name: 'Wool' });
      expect(result.errors).toBeUndefined();
      expect(result.data.createEconomicEvent.economicEvent.signature.verified).toBe(true);
      const bad = await instance.graphql(`mutation { setAgentPublicKey(publicKey: "not-a-key") { id } }`, {}, { as: carol });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'publicKey' });
    } finally {
      await pool.close();
    }
  });
});
