import { setFlagsFromString } from 'node:v8';

/**
 * How V8 compiles PGlite's WebAssembly. `baseline`: Liftoff alone, V8's quick one-pass compiler;
 * the database opens faster and the process keeps about 50 MB less (the optimizing compiler's
 * working memory stays with the allocator once used). `optimizing`: V8's default, hot functions
 * tier up to TurboFan; CPU-heavy queries run about a quarter faster.
 */
export type EmbeddedCompiler = 'baseline' | 'optimizing';

/** V8's flag for `baseline`, for a child process's command line. */
export const BASELINE_COMPILER_FLAG = '--liftoff-only';

/**
 * For the rest of this process, WebAssembly compiled from now on stays in Liftoff. V8 flags are
 * process-wide: Zenroom's workers started later get it too.
 */
export function useBaselineCompiler(): void {
  setFlagsFromString(BASELINE_COMPILER_FLAG);
}
