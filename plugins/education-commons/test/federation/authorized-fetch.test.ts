import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

/** Two instances, a Fedify peer and their first exchanges: slow on a busy machine. */
const BOOT_TWO_INSTANCES_MS = 180_000;
const ACTIVITY_JSON = { accept: 'application/activity+json' };

/**
 * With `federation.authorizedFetch` on, our resource and comment URLs answer unsigned ActivityPub
 * GETs with 401 (core serves them from the handlers' `dispatch`), and signed ones with the object:
 * signed by a Fedify peer's person, or by another Commonplace instance's instance actor.
 */
describe('authorized fetch of resources', () => {
  let a: { instance: TestInstance; publicUrl: string };
  let b: TestInstance;
  let peer: FedifyPeer;
  let alice: TestUser;
  let collection: { id: string; uri: string };
  let resource: { id: string; uri: string };

  beforeAll(async () => {
    a = await listeningInstance([educationCommonsPlugin], 'Secure commons', { authorizedFetch: true });
    b = (await listeningInstance([educationCommonsPlugin], 'Follower')).instance;
    peer = await startFedifyPeer();
    alice = await a.instance.signUp('alice');
    ({ collection } = await communityWithCollection(a.instance, alice, 'Secure teachers'));
    resource = (await ok(a.instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice)).createResource;
  }, BOOT_TWO_INSTANCES_MS);
  afterAll(async () => {
    await peer?.close();
    await b?.close();
    await a?.instance.close();
  });

  it('refuses an unsigned GET of a resource with 401, and still shows browsers its page', async () => {
    const unsigned = await fetch(resource.uri, { headers: ACTIVITY_JSON });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain('Think Python');
    const browser = await fetch(resource.uri, { headers: { accept: 'text/html' } });
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain('Think Python');
  });

  it('answers a GET signed by a Fedify peer with the Page', async () => {
    const document = await peer.fetchSigned(resource.uri);
    expect(document).toMatchObject({ id: resource.uri, type: 'Page', name: 'Think Python' });
  });

  it('lets another Commonplace instance fetch an announced resource with its instance actor’s signature', async () => {
    const bob = await b.signUp('bob');
    await ok(b, `mutation($t: String!) { follow(target: $t) { state } }`, { t: collection.uri }, bob);
    await eventually([a.instance, b], async () => (await ok(b, `{ following { nodes { uri } } }`, {}, bob)).following.nodes.length === 1);
    // A collection announces the bare object: B must fetch it from A, signed, to store it.
    const second = (await ok(a.instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Fetched with a signature' } }, alice)).createResource;
    const copy = await eventually([a.instance, b], async () => {
      const { discover } = await ok(b, `{ discover { newestResources { nodes { uri name } } } }`, {});
      return discover.newestResources.nodes.find((node: { uri: string }) => node.uri === second.uri);
    });
    expect(copy.name).toBe('Fetched with a signature');
  });

  it('keeps 410 Gone for a deleted resource, once the GET is signed', async () => {
    await ok(a.instance, `mutation($id: ID!) { deleteResource(id: $id) { deleted } }`, { id: resource.id }, alice);
    expect((await fetch(resource.uri, { headers: ACTIVITY_JSON })).status).toBe(401);
    await expect(peer.fetchSigned(resource.uri)).rejects.toThrow(/410/);
  });
});
