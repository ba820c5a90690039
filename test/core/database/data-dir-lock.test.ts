import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, lockDataDir } from '../../../core/src/database/connect.js';

describe('one process per PGlite data directory', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-lock-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses a second open of a directory in use, naming the process, and frees it on close', async () => {
    const first = await connectDatabase({ dataDir });
    await expect(connectDatabase({ dataDir })).rejects.toThrowError(
      new RegExp(`\\[core\\] the data directory .* is in use by process ${process.pid}`),
    );
    await first.close();
    const second = await connectDatabase({ dataDir });
    expect(await second.ping()).toBe(true);
    await second.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    // Far above any pid this machine hands out (pid_max is at most 2^22).
    await writeFile(join(dataDir, 'commonplace.lock'), '99999999');
    const unlock = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrowError(/in use by process/);
    unlock();
  });
});
