import { createServer, type AddressInfo } from 'node:net';

/** A TCP port free on 127.0.0.1 now, so an instance can boot knowing its public URL before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo | null)?.port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!port) throw new Error('no free port on 127.0.0.1');
  return port;
}

export interface WaitForOptions {
  /** Instances whose due jobs run before each try (deliveries go out, and come in, as jobs). */
  instances?: readonly { drainJobs(): Promise<void> }[];
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between tries (default 50 ms). */
  intervalMs?: number;
}

/** What `waitFor` resolves with: the condition's answer, once it is truthy. */
export type Truthy<T> = Exclude<Awaited<T>, null | undefined | false | 0 | ''>;

/**
 * Asks `condition` until it answers something truthy, and resolves with that; first runs every due
 * job of `instances`, so a delivery that chains across servers (a Follow, its Accept, a Create) moves
 * on without waiting for the job workers' polling. A condition that throws (an `expect` not met yet)
 * is asked again; at the timeout the last error is in the message.
 *
 *   const copy = await waitFor(() => findCopyOn(b, uri), { instances: [a, b] });
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    for (const instance of options.instances ?? []) await instance.drainJobs();
    try {
      const value = await condition();
      if (value) return value as Truthy<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  const why = lastError instanceof Error ? `: ${lastError.message}` : lastError === undefined ? '' : `: ${String(lastError)}`;
  throw new Error(`waitFor: condition not met in ${timeoutMs} ms${why}`);
}
