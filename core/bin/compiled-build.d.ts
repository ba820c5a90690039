// Types for compiled-build.js (plain JavaScript, read by the bin before TypeScript is loaded).

export interface BuildInfo {
  format: number;
  /** Instance file (relative to the repository) -> its compiled module in the build directory. */
  instances: Record<string, string>;
  /** Every file the build wrote, relative to the build directory. */
  files: string[];
  /** Input (relative to the repository) -> [mtimeMs, size] when it was built. */
  inputs: Record<string, [number, number]>;
}

export type CliChoice =
  | { kind: 'compiled'; moduleUrl: string; instanceFile: string }
  | { kind: 'source'; reason: string | undefined };

export const repoRoot: string;
export const defaultBuildDir: string;
export const BUILD_INFO_FILE: string;
export const BUILD_FORMAT: number;
export function readBuildInfo(buildDir?: string): BuildInfo | undefined;
export function changedInput(info: BuildInfo, root?: string): string | undefined;
export function instanceArgument(argv: readonly string[]): string;
export function chooseCli(options: { argv: readonly string[]; cwd?: string; root?: string; buildDir?: string }): CliChoice;
