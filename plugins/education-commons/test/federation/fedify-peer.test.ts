import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Page } from '@fedify/fedify/vocab';
import type { TestInstance, TestUser } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { communityWithCollection, CREATE_RESOURCE, LINK_RESOURCE, ok } from '../helpers.js';
import { startFedifyPeer, type FedifyPeer } from '../support/fedify-peer.js';
import { eventually, listeningInstance } from '../support/network.js';

describe('a Mastodon-style peer (Fedify) follows a community', () => {
  let instance: TestInstance;
  let peer: FedifyPeer;
  let alice: TestUser;
  let community: { id: string; uri: string };
  let collection: { id: string; uri: string };

  beforeAll(async () => {
    instance = (await listeningInstance([educationCommonsPlugin], 'Commons')).instance;
    peer = await startFedifyPeer();
    alice = await instance.signUp('alice');
    ({ community, collection } = await communityWithCollection(instance, alice, 'Open science'));
  });
  afterAll(async () => {
    await peer?.close();
    await instance?.close();
  });

  it('is accepted, and the next resource is announced to it, signed, as a readable Page with its link and licence', async () => {
    const followId = await peer.follow(community.uri);
    const accept = await eventually([instance], async () => peer.received.find((activity) => activity.type === 'Accept' && activity.actorId === community.uri));
    expect(accept.objectId).toBe(followId);

    const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE } }, alice);
    // Fedify records an activity only after its signature verified: the community signed it.
    const announce = await eventually([instance], async () =>
      peer.received.find((activity) => activity.type === 'Announce' && activity.actorId === community.uri && activity.objectId === createResource.uri),
    );
    expect(announce.json.to ?? announce.json.cc).toBeDefined();

    // What Mastodon does next: fetch the announced object and show it.
    const object = await peer.context().lookupObject(createResource.uri);
    expect(object).toBeInstanceOf(Page);
    const page = object as Page;
    expect(page.name?.toString()).toBe('Think Python');
    const content = page.content?.toString() ?? '';
    expect(content).toContain(`href="${LINK_RESOURCE.url}"`);
    expect(content).toContain('Licence: <a href="https://spdx.org/licenses/CC-BY-NC-3.0.html"');
    expect(page.attributionId?.href).toBe((await ok(instance, `{ me { actor { uri } } }`, {}, alice)).me.actor.uri);
  });

  it('can follow a collection on its own, and is announced its new resources', async () => {
    await peer.follow(collection.uri);
    await eventually([instance], async () => peer.received.find((activity) => activity.type === 'Accept' && activity.actorId === collection.uri));
    const { createResource } = await ok(instance, CREATE_RESOURCE, { input: { collectionId: collection.id, ...LINK_RESOURCE, name: 'Second resource' } }, alice);
    await eventually([instance], async () =>
      peer.received.find((activity) => activity.type === 'Announce' && activity.actorId === collection.uri && activity.objectId === createResource.uri),
    );
  });
});
