import type { LifecyclePort, Logger } from '@commonplace/sdk/internal';

type ShutdownListener = () => Promise<void> | void;

/** The shutdown listeners of every plugin, run once by PluginPorts.close(). */
export class ShutdownListeners {
  private readonly listeners = new Set<{ pluginId: string; listener: ShutdownListener }>();

  forPlugin(pluginId: string): LifecyclePort {
    return {
      onShutdown: (listener) => {
        const entry = { pluginId, listener };
        this.listeners.add(entry);
        return () => void this.listeners.delete(entry);
      },
    };
  }

  /**
   * Runs every listener at once, each failure logged and none waited on past `graceMs`: one plugin's
   * stuck stream must not keep the instance from closing.
   */
  async run(log: Logger, graceMs: number): Promise<void> {
    const entries = [...this.listeners];
    this.listeners.clear();
    await Promise.all(
      entries.map(async ({ pluginId, listener }) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
        try {
          const outcome = await Promise.race([Promise.resolve().then(listener), timedOut]);
          if (outcome === 'timeout') log.warn({ plugin: pluginId, graceMs }, 'a plugin shutdown listener did not finish within the shutdown grace');
        } catch (error) {
          log.error({ err: error, plugin: pluginId }, 'a plugin shutdown listener failed');
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
