import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InstanceDefinition } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';
import { findInstanceFile } from './instance-file.mjs';
import { LINK_COMMAND } from './new-plugin/scaffold.js';

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
  const module = await importInstance(file).catch((error: unknown) => {
    throw unlinkedPluginError(error, file) ?? error;
  });
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

/**
 * A plugin folder made since the last `npm install` is not linked into node_modules, so an instance
 * importing its package fails with node's bare "Cannot find package". Say which folder and what fixes it.
 */
function unlinkedPluginError(error: unknown, instanceFile: string): BootError | null {
  const message = error instanceof Error ? error.message : '';
  const missing = /Cannot find (?:package|module) '@commonplace\/plugin-([a-z0-9-]+)/.exec(message);
  if (!missing) return null;
  const id = missing[1]!;
  const folder = findPluginFolder(dirname(instanceFile), id);
  if (!folder) return new BootError('core', `${instanceFile} imports @commonplace/plugin-${id}, but there is no plugins/${id} and no such package installed.`);
  return new BootError(
    'core',
    `${instanceFile} imports @commonplace/plugin-${id}, whose folder ${folder} is not linked into the workspace yet: ` +
      `run \`${LINK_COMMAND}\` at the repository's root (once for each new plugin folder; \`npm ci\` refuses package-lock.json until then).`,
  );
}

/** plugins/<id> in the folder of the instance file or one above it. */
function findPluginFolder(start: string, id: string): string | null {
  for (let folder = start; ; folder = dirname(folder)) {
    const candidate = join(folder, 'plugins', id);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(folder) === folder) return null;
  }
}
