import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest, signRequestRfc9421, verifyRequest } from '../../../../core/src/federation/signatures/index.js';
import { ManualClock } from '../../../../core/src/runtime/clock.js';
import { keySource, newKeyPair, type KeyPairPem } from './helpers.js';

const actor = 'https://remote.example/users/dave';
const keyId = `${actor}#main-key`;
const inbox = 'https://local.example/inbox';
const body = '{"type":"Like"}';
const clock = () => new ManualClock(new Date('2026-03-01T12:00:00Z'));

let current: KeyPairPem;
let stale: KeyPairPem;
let unrelated: KeyPairPem;
beforeAll(async () => {
  [current, stale, unrelated] = await Promise.all([newKeyPair('rsa'), newKeyPair('rsa'), newKeyPair('rsa')]);
});

const signedWithCurrent = () => signRequest({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: current.privateKeyPem, clock: clock() });
const verifyWith = async (headers: Record<string, string>, keys: ReturnType<typeof keySource>) =>
  verifyRequest({ method: 'POST', url: inbox, headers, rawBody: body }, { ...keys, clock: clock() });

describe('key rotation: one refetch when verification fails with a cached key', () => {
  it('a stale cached key, then the refetched right one: verified, refresh called exactly once', async () => {
    const keys = keySource({ [keyId]: stale.publicKeyPem }, { [keyId]: { publicKeyPem: current.publicKeyPem, ownerId: actor } });
    expect(await verifyWith(await signedWithCurrent(), keys)).toEqual({ ok: true, keyId, ownerId: actor, scheme: 'draft-cavage', algorithm: 'rsa-v1_5-sha256' });
    expect(keys.keyResolver).toHaveBeenCalledTimes(1);
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
    expect(keys.refreshKey).toHaveBeenCalledWith(keyId);
  });

  it('the same for an RFC 9421 signature', async () => {
    const headers = await signRequestRfc9421({ method: 'POST', url: inbox, body }, { keyId, privateKeyPem: current.privateKeyPem, clock: clock() });
    const keys = keySource({ [keyId]: stale.publicKeyPem }, { [keyId]: current.publicKeyPem });
    expect(await verifyWith(headers, keys)).toMatchObject({ ok: true, scheme: 'rfc9421' });
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
  });

  it('a wrong key after the refetch too: refused, without a second refetch', async () => {
    const keys = keySource({ [keyId]: stale.publicKeyPem }, { [keyId]: unrelated.publicKeyPem });
    const result = await verifyWith(await signedWithCurrent(), keys);
    expect(result).toMatchObject({ ok: false, code: 'bad-signature', reason: 'signature does not match the request (also with the refetched key)' });
    expect(keys.keyResolver).toHaveBeenCalledTimes(1);
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
  });

  it('a refetch that returns the same key: refused, the key is not tried twice', async () => {
    const keys = keySource({ [keyId]: stale.publicKeyPem });
    const result = await verifyWith(await signedWithCurrent(), keys);
    expect(result).toMatchObject({ ok: false, code: 'bad-signature', reason: 'signature does not match the request (the refetched key is the same)' });
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
  });

  it('a refetch that finds no key any more: unknown key', async () => {
    const keys = keySource({ [keyId]: stale.publicKeyPem }, { [keyId]: null });
    expect(await verifyWith(await signedWithCurrent(), keys)).toMatchObject({ ok: false, code: 'unknown-key' });
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
  });

  it('a cached key that verifies: no refetch', async () => {
    const keys = keySource({ [keyId]: current.publicKeyPem });
    expect(await verifyWith(await signedWithCurrent(), keys)).toMatchObject({ ok: true });
    expect(keys.refreshKey).not.toHaveBeenCalled();
  });

  it('a key the resolver has just fetched: no refetch, it would tell nothing new', async () => {
    const keys = keySource({ [keyId]: { publicKeyPem: stale.publicKeyPem, ownerId: actor, freshlyFetched: true } });
    expect(await verifyWith(await signedWithCurrent(), keys)).toMatchObject({ ok: false, code: 'bad-signature' });
    expect(keys.refreshKey).not.toHaveBeenCalled();
  });

  it('an unreadable cached key is refetched as well', async () => {
    const keys = keySource({ [keyId]: 'not a key' }, { [keyId]: current.publicKeyPem });
    expect(await verifyWith(await signedWithCurrent(), keys)).toMatchObject({ ok: true });
    expect(keys.refreshKey).toHaveBeenCalledTimes(1);
  });
});
