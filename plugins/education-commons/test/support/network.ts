import { createServer, type AddressInfo } from 'node:net';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import type { PluginEntry } from '@commonplace/sdk';

/** A port free on 127.0.0.1 right now, so an instance can be booted knowing its public URL. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** An instance listening on 127.0.0.1, allowed to federate with other local servers; `federation` adds settings. */
export async function listeningInstance(
  plugins: readonly PluginEntry[],
  name: string,
  federation: Record<string, unknown> = {},
): Promise<{ instance: TestInstance; publicUrl: string; host: string }> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const publicUrl = `http://${host}`;
  const instance = await createTestInstance({ name, plugins, settings: { publicUrl, port, federation: { allowPrivateAddresses: true, ...federation } } });
  await instance.listen();
  return { instance, publicUrl, host };
}

/** Runs every instance's due jobs until `check` passes (deliveries chain across servers), or fails after `timeoutMs`. */
export async function eventually<T>(instances: readonly TestInstance[], check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    for (const instance of instances) await instance.drainJobs();
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
