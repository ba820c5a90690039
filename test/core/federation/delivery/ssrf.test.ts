import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, loopbackResolver, note, type Harness } from './harness.js';
import type { PinnedPost, PostResponse } from '../../../../core/src/federation/delivery/index.js';
import type { HostResolver } from '../../../../core/src/federation/fetch/index.js';

/** public.example is at a public address (nothing is sent there: a fake transport answers); anything else is 127.0.0.1. */
const resolver: HostResolver = async (name) => (name === 'public.example' ? [{ address: '93.184.216.34', family: 4 }] : loopbackResolver(name));

describe('delivery through the SSRF guard (allowPrivateAddresses false)', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const setUp = async (answer: (request: PinnedPost) => PostResponse) => {
    const sent: PinnedPost[] = [];
    h = await createHarness({
      settings: { federation: { allowPrivateAddresses: false } },
      resolver,
      transport: async (request) => {
        sent.push(request);
        return answer(request);
      },
    });
    return sent;
  };
  const publish = () =>
    h.db.transaction().execute((tx) => h.publisher.publish(note(h.alice.uri), { kind: 'public' }, { tx, actorId: h.alice.actorId }));

  it('posts to a public address, pinned to the checked address and signed', async () => {
    const sent = await setUp(() => ({ status: 202, headers: {}, body: Buffer.alloc(0) }));
    await h.remoteActor({ host: 'public.example', name: 'ann', scheme: 'https', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.address).toEqual({ address: '93.184.216.34', family: 4 });
    expect(sent[0]!.url.href).toBe('https://public.example/inbox');
    expect(sent[0]!.headers.Signature).toContain('keyId="http://localhost.test/actors/alice#main-key"');
  });

  it('refuses an inbox whose host resolves to a private address, and does not retry', async () => {
    const sent = await setUp(() => ({ status: 202, headers: {}, body: Buffer.alloc(0) }));
    await h.remoteActor({ host: 'intranet.example', name: 'eve', scheme: 'https', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sent).toHaveLength(0);
    expect((await h.jobs('core.federation.deliver'))[0]).toMatchObject({ state: 'completed', attempts: 1 });
  });

  it('refuses plain http to a private address literal', async () => {
    const sent = await setUp(() => ({ status: 202, headers: {}, body: Buffer.alloc(0) }));
    await h.remoteActor({ host: '127.0.0.1:9', name: 'eve', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sent).toHaveLength(0);
  });

  it('checks a redirect’s target again and refuses one to a private address', async () => {
    const sent = await setUp((request) =>
      request.url.hostname === 'public.example'
        ? { status: 307, headers: { location: 'https://127.0.0.1/inbox' }, body: Buffer.alloc(0) }
        : { status: 202, headers: {}, body: Buffer.alloc(0) },
    );
    await h.remoteActor({ host: 'public.example', name: 'ann', scheme: 'https', followsActorId: h.alice.actorId });
    await publish();
    await h.drain();
    expect(sent.map((request) => request.url.href)).toEqual(['https://public.example/inbox']);
    expect((await h.jobs('core.federation.deliver'))[0]).toMatchObject({ state: 'completed', attempts: 1 });
  });
});
