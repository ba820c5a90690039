import { pathToFileURL } from 'node:url';
import type { InstanceDefinition } from '@commonplace/sdk';
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
    throw new BootError('core', `no instance "${nameOrPath}": looked for ${candidates.join(' and ')}.`);
  }
  const module = await importInstance(file);
  if (!module.default || typeof module.default.name !== 'string' || !Array.isArray(module.default.plugins)) {
    throw new BootError('core', `${file} must export default defineInstance({ name, plugins, ... }).`);
  }
  return module.default;
}
