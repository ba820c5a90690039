import { describe, expect, test } from 'vitest';
import { CompletionBatcher } from '../../../core/src/jobs/completion-batcher.js';
import type { Lease } from '../../../core/src/jobs/job-store.js';

/** A store whose updates finish when the test says, recording each batch. */
function slowStore() {
  const batches: string[][] = [];
  const finishers: Array<(error?: Error) => void> = [];
  return {
    batches,
    finishNext(error?: Error) {
      finishers.shift()!(error);
    },
    completeAll(leases: readonly Lease[]): Promise<void> {
      batches.push(leases.map((lease) => lease.id));
      return new Promise((resolve, reject) => finishers.push((error) => (error ? reject(error) : resolve())));
    },
  };
}

const lease = (id: string): Lease => ({ id, lockedBy: 'worker', attempt: 1 });
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('CompletionBatcher', () => {
  test('records the first completion at once and those arriving meanwhile together, capped per statement', async () => {
    const store = slowStore();
    const batcher = new CompletionBatcher(store, 2);
    const done: string[] = [];
    const complete = (id: string) => batcher.complete(lease(id)).then(() => done.push(id));

    const all = ['a', 'b', 'c', 'd'].map(complete);
    expect(store.batches).toEqual([['a']]);
    store.finishNext();
    await settled();
    expect(done).toEqual(['a']);
    expect(store.batches).toEqual([['a'], ['b', 'c']]);
    store.finishNext();
    await settled();
    expect(store.batches).toEqual([['a'], ['b', 'c'], ['d']]);
    store.finishNext();
    await Promise.all(all);
    expect(done).toEqual(['a', 'b', 'c', 'd']);
  });

  test('a failed update fails its own batch only, and the next batch still runs', async () => {
    const store = slowStore();
    const batcher = new CompletionBatcher(store, 10);
    const first = batcher.complete(lease('a'));
    const second = [batcher.complete(lease('b')), batcher.complete(lease('c'))];
    store.finishNext(new Error('database went away'));
    await expect(first).rejects.toThrow('database went away');
    await settled();
    expect(store.batches).toEqual([['a'], ['b', 'c']]);
    store.finishNext();
    await expect(Promise.all(second)).resolves.toBeDefined();
  });
});
