import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningTestInstance, waitFor, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import { linksPlugin } from '../src/index.js';
import { DELETE_LINK, EDIT_LINK, ok, SAVE_LINK, type LinkFields } from './support/graphql.js';

interface RemoteLink {
  uri: string;
  url: string;
  title: string;
  note: string;
  attributedTo: string;
}

/** Two instances over real HTTP: bob on B follows alice on A, and her links reach B, edits and deletes included. */
describe('links between two instances', () => {
  let a: TestInstance;
  let b: TestInstance;
  let alice: TestUser;
  let bob: TestUser;
  let aliceUri: string;
  let link: LinkFields;

  beforeAll(async () => {
    a = await createListeningTestInstance({ name: 'Instance A', plugins: [linksPlugin] });
    b = await createListeningTestInstance({ name: 'Instance B', plugins: [linksPlugin] });
    alice = await a.signUp('alice');
    bob = await b.signUp('bob');
    aliceUri = (await ok<{ me: { actor: { uri: string } } }>(a, '{ me { actor { uri } } }', {}, alice)).me.actor.uri;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  // Each wait runs both instances' due jobs (deliveries) between tries.
  const both = () => ({ instances: [a, b] });
  const onB = async (uri: string) =>
    (await ok<{ remoteLinks: { nodes: RemoteLink[] } }>(b, '{ remoteLinks(first: 50) { nodes { uri url title note attributedTo } } }')).remoteLinks.nodes.find(
      (node) => node.uri === uri,
    );

  it('lets bob on B follow alice on A', async () => {
    await ok(b, 'mutation($t: String!) { follow(target: $t) { state } }', { t: aliceUri }, bob);
    await waitFor(async () => {
      const { following } = await ok<{ following: { nodes: Array<{ uri: string }> } }>(b, '{ following { nodes { uri } } }', {}, bob);
      return following.nodes.some((node) => node.uri === aliceUri);
    }, both());
  });

  it('delivers the link alice saves on A to B', async () => {
    ({ saveLink: link } = await ok<{ saveLink: LinkFields }>(
      a,
      SAVE_LINK,
      { input: { url: 'https://example.org/repair-cafe', title: 'Repair café', note: 'Saturdays, <b>bring</b> tools.' } },
      alice,
    ));
    const copy = await waitFor(() => onB(link.uri), both());
    expect(copy).toEqual({ uri: link.uri, url: 'https://example.org/repair-cafe', title: 'Repair café', note: 'Saturdays, <b>bring</b> tools.', attributedTo: aliceUri });
  });

  it('applies alice’s edit to the copy on B', async () => {
    await ok(a, EDIT_LINK, { input: { id: link.id, title: 'Repair café (new address)' } }, alice);
    const copy = await waitFor(async () => {
      const found = await onB(link.uri);
      return found?.title === 'Repair café (new address)' ? found : null;
    }, both());
    expect(copy.url).toBe('https://example.org/repair-cafe');
  });

  it('removes the copy on B when alice deletes the link', async () => {
    await ok(a, DELETE_LINK, { id: link.id }, alice);
    await waitFor(async () => (await onB(link.uri)) === undefined, both());
  });
});
