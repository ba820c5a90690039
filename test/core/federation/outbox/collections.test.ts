import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Audience } from '@commonplace/sdk';
import { createHarness, note, type Harness } from '../delivery/harness.js';
import { actorCollectionSources, followersCollection, followingCollection, outboxCollection } from '../../../../core/src/federation/outbox/index.js';
import { renderOrderedCollection } from '../../../../core/src/federation/documents/index.js';

describe('outbox, followers and following collections', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const publish = async (audience: Audience, text: string) => {
    const published = await h.db.transaction().execute((tx) => h.publisher.publishActivity(note(h.alice.uri, text), audience, { tx, actorId: h.alice.actorId }));
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at
    return published;
  };

  it('lists public (and unlisted) activities only, newest first, in pages', async () => {
    const bob = await h.remoteActor({ host: 'b.example', name: 'bob' });
    const first = await publish({ kind: 'public' }, 'one');
    await publish({ kind: 'followers', of: h.alice.actorId }, 'followers only');
    const second = await publish({ kind: 'unlisted' }, 'two');
    await publish({ kind: 'direct', to: [bob.uri] }, 'secret');
    const third = await publish({ kind: 'public' }, 'three');

    const source = outboxCollection(h.db, h.alice.actorId);
    expect(await source.totalItems()).toBe(3);
    const page1 = await source.page(null, 2);
    expect(page1.items.map((item) => item.id)).toEqual([third.activity.id, second.activity.id]);
    expect(page1.items[0]!['@context']).toBeUndefined();
    const page2 = await source.page(page1.nextCursor, 2);
    expect(page2.items.map((item) => item.id)).toEqual([first.activity.id]);
    expect(page2.nextCursor).toBeNull();

    const collectionId = `${h.alice.uri}/outbox`;
    const rendered = await renderOrderedCollection(collectionId, source, { kind: 'page', cursor: null }, 2);
    expect(rendered).toMatchObject({ type: 'OrderedCollectionPage', totalItems: 3, partOf: collectionId });
    expect(rendered.next).toContain('cursor=');
  });

  it('counts and pages followers and following as actor URIs', async () => {
    const ann = await h.remoteActor({ host: 'a.example', name: 'ann', followsActorId: h.alice.actorId });
    const amy = await h.remoteActor({ host: 'a.example', name: 'amy', followsActorId: h.alice.actorId });
    await h.remoteActor({ host: 'a.example', name: 'pat', followsActorId: h.alice.actorId, state: 'pending' });
    await h.db
      .insertInto('core_follows')
      .values({ id: crypto.randomUUID(), follower_id: h.alice.actorId, followed_id: ann.id, state: 'accepted', activity_uri: `${h.alice.uri}/follows/1`, created_at: new Date() })
      .execute();

    const followers = followersCollection(h.db, h.alice.actorId);
    expect(await followers.totalItems()).toBe(2);
    const page = await followers.page(null, 1);
    expect(page.items).toHaveLength(1);
    const rest = await followers.page(page.nextCursor, 1);
    expect([...page.items, ...rest.items].sort()).toEqual([ann.uri, amy.uri].sort());
    expect(rest.nextCursor).toBeNull();

    const following = followingCollection(h.db, h.alice.actorId);
    expect(await following.totalItems()).toBe(1);
    expect((await following.page(null, 20)).items).toEqual([ann.uri]);

    expect(Object.keys(actorCollectionSources(h.db)).sort()).toEqual(['followers', 'following', 'outbox']);
  });
});
