import { describe, expect, it } from 'vitest';
import { ANONYMOUS_FETCHER, fetcherMaySee, isVisibleToFetcher, type Audience, type FederatedFetcher } from '@commonplace/sdk/internal';

/** A signer following the local actors `followed`, counting how often its follows are asked for. */
function signer(actorUri: string, followed: string[]): FederatedFetcher & { lookups: () => number } {
  let lookups = 0;
  return {
    actorUri,
    followedLocalActorIds: async () => {
      lookups += 1;
      return new Set(followed);
    },
    lookups: () => lookups,
  };
}

describe('fetcherMaySee (sdk): what a fetcher of our federated URLs may see', () => {
  const ann = 'https://remote.test/users/ann';
  const followers: Audience = { kind: 'followers', of: 'carla-actor-id' };
  const group: Audience = { kind: 'group', groupId: 'group-actor-id' };
  const direct: Audience = { kind: 'direct', to: [ann] };

  it('shows public and unlisted items to anyone, without looking up follows', async () => {
    const fetcher = signer(ann, []);
    for (const audience of [{ kind: 'public' }, { kind: 'unlisted' }] as Audience[]) {
      expect(await fetcherMaySee(audience, fetcher)).toBe(true);
      expect(await fetcherMaySee(audience, ANONYMOUS_FETCHER)).toBe(true);
    }
    expect(fetcher.lookups()).toBe(0);
  });

  it('shows a direct item to its addressees only', async () => {
    expect(await fetcherMaySee(direct, signer(ann, []))).toBe(true);
    expect(await fetcherMaySee(direct, signer('https://remote.test/users/bea', []))).toBe(false);
    expect(await fetcherMaySee(direct, ANONYMOUS_FETCHER)).toBe(false);
  });

  it("shows a followers-only item to its actor's followers, and a group item to the Group's members", async () => {
    expect(await fetcherMaySee(followers, signer(ann, ['carla-actor-id']))).toBe(true);
    expect(await fetcherMaySee(followers, signer(ann, ['group-actor-id']))).toBe(false);
    expect(await fetcherMaySee(group, signer(ann, ['group-actor-id']))).toBe(true);
    expect(await fetcherMaySee(group, signer(ann, ['carla-actor-id']))).toBe(false);
    expect(await fetcherMaySee(followers, ANONYMOUS_FETCHER)).toBe(false);
    expect(await fetcherMaySee(group, ANONYMOUS_FETCHER)).toBe(false);
  });

  it('isVisibleToFetcher, without a look-up, never shows followers-only or group items', () => {
    const following = signer(ann, ['carla-actor-id', 'group-actor-id']);
    expect(isVisibleToFetcher(followers, following)).toBe(false);
    expect(isVisibleToFetcher(group, following)).toBe(false);
    expect(isVisibleToFetcher(direct, following)).toBe(true);
    expect(following.lookups()).toBe(0);
  });
});
