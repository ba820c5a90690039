import { describe, expect, it } from 'vitest';
import { zencodeCreateKeys } from '../src/signatures/zencode-scripts.js';
import { flowsInstance, flowsServices } from './helpers.js';

describe('the Zencode pool at shutdown', () => {
  it('stops its worker threads when the instance closes (the container disposes it)', async () => {
    // A long idle time: without the disposer the worker would still be alive after close().
    const instance = await flowsInstance({ zencode: { workers: 1, callTimeoutMs: 15_000, idleMs: 600_000 } });
    const pool = flowsServices(instance).economicFlowsZencode;
    await zencodeCreateKeys(pool);
    expect(pool.workerCount).toBe(1);
    await instance.close();
    expect(pool.workerCount).toBe(0);
    await expect(zencodeCreateKeys(pool)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
