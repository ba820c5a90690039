import { describe, expect, it } from 'vitest';
import { bindPortToTransaction } from '../../../core/src/kernel/transaction-bound-ports.js';

/* Issue 21, item 14: the scheduler takes no transaction, so inside one it fails at once instead of waiting on the root database (PGlite). */
describe('the scheduler inside a transaction', () => {
  it('refuses every call with what to do instead, without reaching the scheduler', async () => {
    const calls: string[] = [];
    const scheduler = {
      set: async () => void calls.push('set'),
      remove: async () => void calls.push('remove'),
      list: async () => void calls.push('list'),
    };
    const bound = bindPortToTransaction('scheduler', scheduler, { isTransaction: true } as never);
    expect(() => bound.set()).toThrowError(/scheduler\.set may not be called inside a transaction.*Enqueue one of your jobs/);
    expect(() => bound.remove()).toThrowError(/scheduler\.remove may not be called inside a transaction/);
    expect(() => bound.list()).toThrowError(/scheduler\.list/);
    expect(calls).toEqual([]);
  });
});
