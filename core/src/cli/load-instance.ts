import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InstanceDefinition } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';
import { findInstanceFile } from './instance-file.mjs';

/** Loads an instance's module from its file; the compiled CLI hands in its own (see core/bin). */
export type ImportInstance = (file: string) => Promise<{ default?: InstanceDefinition }>;

const importFromSource: ImportInstance = (file) => import(pathToFileURL(file).href);

/**
 * An instance by name (`demo` -> ./instances/demo/index.ts) or by path to its file or folder.
 * Its default export is the value made by defineInstance.
 */
export async function loadInstance(
  nameOrPath: string,
  cwd = process.cwd(),
  importInstance: ImportInstance = importFromSource,
): Promise<InstanceDefinition> {
  const { file, candidates } = findInstanceFile(nameOrPath, cwd);
  if (!file) {
    const known = instanceNames(cwd);
    const choices = known.length > 0 ? ` Instances here: ${known.join(', ')}.` : ` There is no instances/<name>/index.ts under ${cwd}.`;
    throw new BootError('core', `no instance "${nameOrPath}": looked for ${candidates.join(' and ')}.${choices}`);
  }
  const module = await importInstance(file);
  if (!module.default || typeof module.default.name !== 'string' || !Array.isArray(module.default.plugins)) {
    throw new BootError('core', `${file} must export default defineInstance({ name, plugins, ... }).`);
  }
  return module.default;
}

/** The instances `--instance <name>` can name from `cwd`: folders of ./instances holding an index.ts. */
export function instanceNames(cwd = process.cwd()): string[] {
  const folder = join(cwd, 'instances');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}
