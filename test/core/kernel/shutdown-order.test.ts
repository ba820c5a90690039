import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { definePlugin, type PluginServices } from '@commonplace/sdk';
import { createTestInstance } from '../../../core/src/testing/index.js';

/* Issue 21, item 7: shutdown listeners run first, "before the jobs and the database stop" (sdk LifecyclePort); onClose later. */
describe('shutdown order', () => {
  it("runs a plugin's shutdown listeners while the database and HTTP still serve, then its onClose", async () => {
    const steps: string[] = [];
    let app: { inject(request: { url: string }): Promise<{ statusCode: number }> } | undefined;
    const closing = definePlugin<PluginServices>({
      id: 'closing-order',
      version: '1.0.0',
      onBoot: (services) => {
        services.lifecycle.onShutdown(async () => {
          await sql`select 1`.execute(services.db);
          const health = await app!.inject({ url: '/healthz' });
          steps.push(`listener: database answered, HTTP ${health.statusCode}`);
        });
      },
      onClose: () => {
        steps.push('onClose');
      },
    });
    const instance = await createTestInstance({ plugins: [closing], jobs: false });
    app = instance.running.app;
    await instance.close();
    expect(steps).toEqual(['listener: database answered, HTTP 200', 'onClose']);
  });
});
