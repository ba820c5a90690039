import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { InstanceSettings } from '@commonplace/sdk/internal';
import { hasEmbeddedDatabase } from '../database/connect.js';
import { BootError } from '../kernel/boot-error.js';

/** On PGlite in a directory on disk that holds no database yet: what `start` sets up in a child first. */
export function isFirstEmbeddedStart(settings: InstanceSettings): boolean {
  const { url, dataDir } = settings.database;
  return !url && !dataDir.startsWith('memory://') && !hasEmbeddedDatabase(dataDir);
}

/**
 * Runs `command` (the CLI's own `seed-demo`: initdb, migrations, the demo's accounts and content) in a
 * child process, its output shown as the server's. The seed makes password hashes, keys and Zencode
 * key pairs on other threads, and glibc keeps what each thread's malloc arena freed: done in the
 * server, it stayed in the server's memory for good (an idle demo at 197-205 MB after its first start
 * against 182-190 after a restart; docs/performance.md). In a child it goes when the child exits,
 * as initdb's already does (database/connect.ts).
 */
export async function seedInChildProcess(command: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [executable, ...args] = command;
  if (!executable) throw new Error('seedInChildProcess needs a command');
  const child = spawn(executable, args, { stdio: 'inherit', env });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new BootError('core', `setting up the first start (seed-demo in a child process) failed with ${signal ?? `exit code ${code}`}; its output is above`);
  }
}
