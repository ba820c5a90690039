import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';
import { seedDemo } from '../src/seed-demo.js';
import { flowsInstance, flowsServices } from './helpers.js';

describe('NodeInfo', () => {
  let instance: TestInstance;
  beforeAll(async () => {
    // Counted on every request (the default reuses counts for a minute).
    instance = await flowsInstance({}, { federation: { nodeInfoCacheSeconds: 0 } });
    await instance.createUser('admin');
  });
  afterAll(() => instance.close());

  it('counts economic events recorded among local agents as local posts (none is published, so core’s outbox count misses them)', async () => {
    const localPosts = async () => (await instance.inject('/nodeinfo/2.1')).json().usage.localPosts as number;
    expect(await localPosts()).toBe(0);
    // The demo: produce, transfer and consume between the two local co-ops.
    await seedDemo(flowsServices(instance));
    expect(await localPosts()).toBe(3);
  });
});
