// One Zenroom per thread: a Zencode call blocks its thread, so the pool runs them here, one at a time.
// Plain JavaScript so that it loads the same way under Node, tsx and vitest.
import { parentPort } from 'node:worker_threads';
import { zencode_exec } from 'zenroom';

parentPort.on('message', async ({ id, script, data, keys }) => {
  try {
    const { result, logs } = await zencode_exec(script, { data: data ?? null, keys: keys ?? null });
    parentPort.postMessage({ id, ok: true, result, logs });
  } catch (error) {
    const logs = error && typeof error === 'object' && 'logs' in error ? String(error.logs) : String(error);
    parentPort.postMessage({ id, ok: false, logs });
  }
});
