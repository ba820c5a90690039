import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { definePlugin, type PluginServices } from '@commonplace/sdk';
import { ManualClock } from '@commonplace/sdk/testing';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';

const synced: unknown[] = [];
const closed: string[] = [];

type TickerServices = PluginServices<{}, unknown>;

/** A plugin as a Decidim bridge would be: a schedule per connection, its credentials in secrets. */
const ticker = definePlugin<TickerServices>({
  id: 'ticker',
  version: '0.0.1',
  jobs: {
    sync: {
      handler: async (payload: { connection: number }, { services }) => {
        synced.push({ payload, token: await services.secrets.get(`connection-${payload.connection}`) });
      },
    },
  },
  onBoot: async (services) => {
    await services.secrets.set('connection-1', 'token-1');
    await services.scheduler.set('connection-1', 'sync', { everyMs: 60_000 }, { connection: 1 });
    services.lifecycle.onShutdown(() => void closed.push('ticker'));
  },
});

describe('plugin ports in a booted instance', () => {
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));
  let instance: CoreTestInstance;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [ticker], clock, jobs: false });
  });
  afterAll(async () => {
    await instance?.close();
  });

  test("a schedule set through a plugin's view runs its job once it is due, and the job reads the plugin's secret", async () => {
    await instance.drainJobs();
    expect(synced).toEqual([]);
    clock.advance(60_000);
    // The tick is a core job on its own schedule (scheduler.tickMs): drain runs it, then the job it enqueued.
    clock.advance(15_000);
    await instance.drainJobs();
    await instance.drainJobs();
    expect(synced).toEqual([{ payload: { connection: 1 }, token: 'token-1' }]);
    const rows = await instance.running.database.db.selectFrom('core_plugin_schedules').select(['plugin', 'key']).execute();
    expect(rows).toEqual([{ plugin: 'ticker', key: 'connection-1' }]);
  });

  test('closing the instance runs the shutdown listeners', async () => {
    await instance.close();
    expect(closed).toEqual(['ticker']);
  });
});
