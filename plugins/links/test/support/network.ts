import { createServer, type AddressInfo } from 'node:net';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { linksPlugin } from '../../src/index.js';

/** A port free on 127.0.0.1 now, so an instance can boot knowing its public URL. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  if (!port) throw new Error('no free port');
  return port;
}

/** An instance with the links plugin, listening on 127.0.0.1 and allowed to federate with other local servers. */
export async function listeningInstance(name: string): Promise<TestInstance> {
  const port = await freePort();
  const instance = await createTestInstance({
    name,
    plugins: [linksPlugin],
    settings: { port, publicUrl: `http://127.0.0.1:${port}`, federation: { allowPrivateAddresses: true } },
  });
  await instance.listen();
  return instance;
}

/** Runs every instance's due jobs until `check` answers (deliveries chain across servers), or fails after `timeoutMs`. */
export async function eventually<T>(instances: readonly TestInstance[], check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
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
