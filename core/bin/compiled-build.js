// The compiled build of the CLI (made by scripts/build.mjs, read by the `commonplace` bin): where it
// is, what it records, and whether it can run a given command. Plain JavaScript: nothing TypeScript
// is loaded before the bin has chosen between the build and the sources.
import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findInstanceFile } from '../src/cli/instance-file.mjs';

/** The repository: instances/, the workspaces and dist/ are under it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where `npm run build` writes: a folder per instance (its cli.js and chunks), and build-info.json. */
export const defaultBuildDir = join(repoRoot, 'dist');

export const BUILD_INFO_FILE = 'build-info.json';
/** Bumped when the shape of build-info.json or of the compiled modules changes. */
export const BUILD_FORMAT = 2;

/**
 * build-info.json: { format, instances: { "instances/demo/index.ts": "demo/cli.js" },
 * inputs: { "core/src/cli/main.ts": [mtimeMs, size], "node_modules/kysely/package.json": [...] } },
 * paths relative to the repository with `/` separators.
 */
export function readBuildInfo(buildDir = defaultBuildDir) {
  try {
    const info = JSON.parse(readFileSync(join(buildDir, BUILD_INFO_FILE), 'utf8'));
    return info?.format === BUILD_FORMAT ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The first input whose modification time or size differs from the build's record (or is gone), if any. */
export function changedInput(info, root = repoRoot) {
  for (const [path, [mtimeMs, size]] of Object.entries(info.inputs)) {
    const stats = statSync(join(root, path), { throwIfNoEntry: false });
    if (!stats || stats.mtimeMs !== mtimeMs || stats.size !== size) return path;
  }
  return undefined;
}

/** The value of -i/--instance in argv the way commander reads it (the last one wins), or `demo`. */
export function instanceArgument(argv) {
  let instance = 'demo';
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if ((arg === '-i' || arg === '--instance') && i + 1 < argv.length) instance = argv[++i];
    else if (arg.startsWith('--instance=')) instance = arg.slice('--instance='.length);
    else if (arg.startsWith('-i') && !arg.startsWith('--') && arg.length > 2) instance = arg.slice(2);
  }
  return instance;
}

/**
 * Which CLI runs this command: the compiled one when the build is current and includes the
 * instance asked for, otherwise the sources through tsx, with the reason (undefined when the
 * instance file does not exist: the CLI then reports it).
 */
export function chooseCli({ argv, cwd = process.cwd(), root = repoRoot, buildDir = defaultBuildDir }) {
  const { file } = findInstanceFile(instanceArgument(argv), cwd);
  if (!file) return { kind: 'source', reason: undefined };
  const info = readBuildInfo(buildDir);
  if (!info) return { kind: 'source', reason: 'there is no compiled build' };
  const key = relative(root, file).split(sep).join('/');
  const output = info.instances[key];
  if (!output) return { kind: 'source', reason: `${key} is not in the compiled build` };
  const changed = changedInput(info, root);
  if (changed) return { kind: 'source', reason: `${changed} changed since the last build` };
  return { kind: 'compiled', moduleUrl: pathToFileURL(join(buildDir, output)).href, instanceFile: file };
}
