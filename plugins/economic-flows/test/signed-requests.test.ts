import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { signedRequestMessage } from '../src/auth/signed-requests.js';
import { signEd25519 } from '../src/signatures/ed25519.js';
import { ZencodePool } from '../src/signatures/zencode-pool.js';
import { zencodeSign } from '../src/signatures/zencode-scripts.js';
import { flowsInstance, signer, type Signer } from './helpers.js';

describe('Zenflows-style signed GraphQL requests as a log-in', () => {
  let instance: TestInstance;
  let alice: Signer;
  const query = JSON.stringify({ query: '{ myAgent { id name } }' });

  function post(body: string, headers: Record<string, string>) {
    return instance.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: body });
  }
  function signed(body: string, options: { user?: string; secretKey?: string; timestamp?: number; nonce?: string } = {}) {
    const timestamp = String(options.timestamp ?? Date.now());
    const nonce = options.nonce ?? randomBytes(16).toString('base64url');
    const signature = signEd25519(signedRequestMessage(timestamp, nonce, body), options.secretKey ?? alice.keys.secretKey);
    return { 'zenflows-user': options.user ?? 'alice', 'zenflows-sign': signature, 'zenflows-timestamp': timestamp, 'zenflows-nonce': nonce };
  }

  beforeAll(async () => {
    instance = await flowsInstance();
    alice = await signer(instance, 'alice');
  });
  afterAll(() => instance.close());

  it('logs the request in as the signer, and refuses the same request sent again', async () => {
    const headers = signed(query);
    const response = await post(query, headers);
    expect(response.statusCode).toBe(200);
    expect(response.json().data.myAgent).toEqual({ id: alice.agentId, name: 'alice' });

    const replay = await post(query, headers);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(replay.json().errors[0].message).toMatch(/Replayed request/);
  });

  it('refuses an old timestamp, a wrong signature, a missing nonce, an unknown signer', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [signed(query, { timestamp: Date.now() - 3_600_000 }), /from the server's clock/],
      [signed(query, { secretKey: (await signer(instance, 'mallory')).keys.secretKey }), /does not verify/],
      [{ ...signed(query), 'zenflows-nonce': '' }, /zenflows-nonce/],
      [signed(query, { user: 'nobody' }), /nobody has no EdDSA key/],
    ];
    for (const [headers, reason] of cases) {
      const response = await post(query, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.json().errors[0].message).toMatch(reason);
    }
    // The signature covers the body: the same headers on another query are refused.
    const other = JSON.stringify({ query: '{ units { id } }' });
    const moved = await post(other, signed(query));
    expect(moved.statusCode).toBe(401);
  });

  it('accepts a request signed with Zencode, as a Zenflows client signs', async () => {
    const pool = new ZencodePool({ size: 1, timeoutMs: 20_000 });
    try {
      const timestamp = String(Date.now());
      const nonce = randomBytes(16).toString('hex');
      const signature = await zencodeSign(pool, signedRequestMessage(timestamp, nonce, query), alice.keys.secretKey);
      const response = await post(query, { 'zenflows-user': 'alice', 'zenflows-sign': signature, 'zenflows-timestamp': timestamp, 'zenflows-nonce': nonce });
      expect(response.json().data.myAgent.id).toBe(alice.agentId);
    } finally {
      await pool.close();
    }
  });

  it('leaves requests without its headers alone: anonymous, or a bearer token', async () => {
    const anonymous = await post(JSON.stringify({ query: '{ units { id } }' }), {});
    expect(anonymous.json().data.units.length).toBeGreaterThan(5);
    const withToken = await post(query, { authorization: `Bearer ${alice.user.token}` });
    expect(withToken.json().data.myAgent.id).toBe(alice.agentId);
  });

  it('lets browsers send the four headers: a CORS preflight allows them', async () => {
    const headers = ['zenflows-user', 'zenflows-sign', 'zenflows-timestamp', 'zenflows-nonce'];
    const preflight = await instance.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'https://client.example', 'access-control-request-method': 'POST', 'access-control-request-headers': headers.join(', ') },
    });
    expect(preflight.statusCode).toBe(204);
    const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining([...headers, 'authorization', 'content-type']));
  });
});
