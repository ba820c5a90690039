import type { Services } from '@commonplace/sdk/internal';
import { createTestInstance, type CoreTestInstance } from '../../../../core/src/testing/index.js';
import { signRequest } from '../../../../core/src/federation/signatures/index.js';
import type { RemoteActor } from '../inbox/helpers.js';
import { threadsPlugin } from '../fixtures/threads-plugin.js';

/** What the replies tests share: the threads fixture plugin booted with small pages, and signed GETs. */
export const AP = 'application/activity+json';
export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
export const PAGE_SIZE = 2;

/** Distinct, increasing creation times, so the order of replies is known. */
export function timeline(start = Date.parse('2025-06-01T12:00:00Z')) {
  let step = 0;
  return () => new Date(start + ++step * 1_000);
}

export async function bootThreads(federation: Record<string, unknown> = {}): Promise<{ instance: CoreTestInstance; services: Services; publicUrl: string }> {
  const instance = await createTestInstance({
    plugins: [threadsPlugin],
    settings: { federation: { allowPrivateAddresses: true, collectionPageSize: PAGE_SIZE, ...federation } },
  });
  return { instance, services: instance.services, publicUrl: instance.running.publicUrl };
}

/** A GET the way a remote server makes it: draft-cavage signed by one of its actors. */
export async function signedGet(instance: CoreTestInstance, publicUrl: string, url: string, signer: RemoteActor) {
  const headers = await signRequest({ method: 'GET', url, headers: { Accept: AP } }, { keyId: signer.keyId, privateKeyPem: signer.keys.privateKeyPem });
  return instance.inject({ method: 'GET', url: url.slice(publicUrl.length), headers });
}

export const pathOf = (publicUrl: string, url: string) => url.slice(publicUrl.length);
