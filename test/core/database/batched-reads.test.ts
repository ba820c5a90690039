import { describe, expect, it } from 'vitest';
import { BatchedReads } from '@commonplace/sdk';

/** A store whose reads the test finishes by hand, so it decides what is in flight when. */
function manualStore() {
  const rows = new Map<string, number>();
  const reads: Array<{ keys: string[]; finish: () => void; fail: (error: Error) => void }> = [];
  const read = (keys: readonly string[]) =>
    new Promise<ReadonlyMap<string, number>>((resolve, reject) => {
      // What the read sees is the store as it is when the read is sent, not when it is answered.
      const seen = new Map(keys.filter((key) => rows.has(key)).map((key) => [key, rows.get(key)!]));
      reads.push({ keys: [...keys], finish: () => resolve(seen), fail: reject });
    });
  return { rows, reads, read };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchedReads', () => {
  it('reads a lone key at the end of the event loop’s turn, with the keys asked for in the same turn', async () => {
    const store = manualStore();
    store.rows.set('a', 1);
    const reads = new BatchedReads(store.read);
    const answer = reads.get('a');
    const sameTurn = reads.get('b');
    expect(store.reads).toHaveLength(0);
    await settle();
    expect(store.reads.map((r) => r.keys)).toEqual([['a', 'b']]);
    store.reads[0]!.finish();
    expect(await answer).toBe(1);
    expect(await sameTurn).toBeUndefined();
  });

  it('answers a get only from a read sent after it: a write committed before it is seen', async () => {
    const store = manualStore();
    store.rows.set('token', 1);
    const reads = new BatchedReads(store.read);
    const early = reads.get('token');
    await settle();
    // Committed after the first read was sent, before the second get arrives.
    store.rows.set('token', 2);
    const late = reads.get('token');
    expect(store.reads).toHaveLength(1);
    store.reads[0]!.finish();
    expect(await early).toBe(1);
    await settle();
    expect(store.reads).toHaveLength(2);
    store.reads[1]!.finish();
    expect(await late).toBe(2);
  });

  it('shares one read among the gets that waited, with each key once', async () => {
    const store = manualStore();
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) store.rows.set(key, value);
    const reads = new BatchedReads(store.read);
    const first = reads.get('a');
    await settle();
    const waiting = [reads.get('b'), reads.get('c'), reads.get('b'), reads.get('missing')];
    store.reads[0]!.finish();
    await first;
    await settle();
    expect(store.reads.map((r) => r.keys)).toEqual([['a'], ['b', 'c', 'missing']]);
    store.reads[1]!.finish();
    expect(await Promise.all(waiting)).toEqual([2, 3, 2, undefined]);
  });

  it('reads at most maxKeys keys at a time', async () => {
    const store = manualStore();
    const reads = new BatchedReads(store.read, 2);
    const all = [reads.get('a'), reads.get('b'), reads.get('c'), reads.get('d'), reads.get('e')];
    await settle();
    for (let i = 0; i < 3; i++) {
      store.reads[i]!.finish();
      await settle();
    }
    expect(store.reads.map((r) => r.keys)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    await Promise.all(all);
  });

  it('fails only the gets of the read that failed, and reads again for later ones', async () => {
    const store = manualStore();
    store.rows.set('a', 1);
    const reads = new BatchedReads(store.read);
    const failing = reads.get('a');
    await settle();
    const next = reads.get('a');
    store.reads[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settle();
    store.reads[1]!.finish();
    expect(await next).toBe(1);
  });
});
