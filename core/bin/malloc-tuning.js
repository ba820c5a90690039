// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), so the
// next large blocks come from its arenas, which keep them once freed. On Node 24 (V8 13) start-up
// allocates and frees such blocks on V8's worker threads, and an idle demo kept about 70 MB of them
// (docs/performance.md, "Node 24"). A fixed threshold keeps large blocks in their own mappings, given
// back when freed. glibc reads it only when the process starts, so the bin restarts itself in place
// (process.execve, Node 23.11+; same pid) with it set. Plain JavaScript: runs before anything is loaded.

const THRESHOLD_VARIABLE = 'MALLOC_MMAP_THRESHOLD_';
/** Blocks from 128 KiB up get their own mapping: glibc's starting threshold, held fixed. */
const THRESHOLD_BYTES = '131072';

/** Whether to restart with the threshold set: on Linux, when nobody has tuned malloc's threshold already. */
export function needsMallocTuning(env = process.env, platform = process.platform, execve = process.execve) {
  if (platform !== 'linux' || typeof execve !== 'function') return false;
  return env[THRESHOLD_VARIABLE] === undefined && !(env.GLIBC_TUNABLES ?? '').includes('mmap_threshold');
}

/** Restarts this process in place with the threshold set, when needsMallocTuning; otherwise returns. */
export function restartWithMallocTuning() {
  if (!needsMallocTuning()) return;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    [THRESHOLD_VARIABLE]: THRESHOLD_BYTES,
  });
}
