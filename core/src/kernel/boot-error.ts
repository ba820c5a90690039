/** Stops boot. The message always names the plugin (or "core") at fault, and what to do. */
export class BootError extends Error {
  constructor(
    readonly pluginId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${pluginId}] ${message}`, options);
    this.name = 'BootError';
  }
}
