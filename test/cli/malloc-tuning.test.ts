import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { needsMallocTuning } from '../../core/bin/malloc-tuning.js';

const execve = () => {};

describe('the bin’s malloc tuning (core/bin/malloc-tuning.js)', () => {
  it('restarts on Linux when malloc’s mmap threshold is not set', () => {
    expect(needsMallocTuning({}, 'linux', execve)).toBe(true);
  });

  it('keeps a threshold somebody set, in either variable, and does not restart twice', () => {
    expect(needsMallocTuning({ MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux', execve)).toBe(false);
    expect(needsMallocTuning({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' }, 'linux', execve)).toBe(false);
  });

  it('does nothing off Linux or on a Node without process.execve (before 23.11)', () => {
    expect(needsMallocTuning({}, 'darwin', execve)).toBe(false);
    expect(needsMallocTuning({}, 'linux', null)).toBe(false);
  });

  it.runIf(process.platform === 'linux' && typeof process.execve === 'function')('runs the CLI with the threshold set', () => {
    const script = `import('./core/bin/malloc-tuning.js').then((m) => { m.restartWithMallocTuning(); console.log(process.env.MALLOC_MMAP_THRESHOLD_); })`;
    const env = { ...process.env };
    delete env.MALLOC_MMAP_THRESHOLD_;
    expect(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }).trim()).toBe('131072');
  });
});
