import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InstanceDefinition } from '@commonplace/sdk';
import { BootError } from '../kernel/boot-error.js';

/**
 * An instance by name (`demo` -> ./instances/demo/index.ts) or by path to its file or folder.
 * Its default export is the value made by defineInstance.
 */
export async function loadInstance(nameOrPath: string, cwd = process.cwd()): Promise<InstanceDefinition> {
  const candidates = nameOrPath.includes('/') || nameOrPath.endsWith('.ts')
    ? [resolvePath(nameOrPath, cwd), resolve(resolvePath(nameOrPath, cwd), 'index.ts')]
    : [resolve(cwd, 'instances', nameOrPath, 'index.ts')];
  const file = candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
  if (!file) {
    throw new BootError('core', `no instance "${nameOrPath}": looked for ${candidates.join(' and ')}.`);
  }
  const module = (await import(pathToFileURL(file).href)) as { default?: InstanceDefinition };
  if (!module.default || typeof module.default.name !== 'string' || !Array.isArray(module.default.plugins)) {
    throw new BootError('core', `${file} must export default defineInstance({ name, plugins, ... }).`);
  }
  return module.default;
}

function resolvePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
