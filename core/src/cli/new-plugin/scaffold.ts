import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginNames, renderTemplate } from './plugin-names.js';

/** What links a new plugin folder into the workspace (and package-lock.json), run at the repository's root. */
export const LINK_COMMAND = 'npm install';

export interface ScaffoldOptions {
  id: string;
  /** The repository's root (found from the working directory when not given). */
  repoRoot?: string;
  /** Run `npm install` at the root to link the plugin (default true). */
  install?: boolean;
}

export interface ScaffoldResult {
  directory: string;
  /** The files written, relative to the plugin's folder. */
  files: string[];
  /** Whether `npm install` ran; when not, the plugin is not linked yet. */
  installed: boolean;
  /** What to run next, for the person at the terminal. */
  nextSteps: string[];
}

/**
 * Writes plugins/<id>/ from the template (a plugin with a table, a GraphQL type, a federated object, a
 * search document and a test), then links it into the workspace with `npm install`, unless told not to.
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const names = pluginNames(options.id);
  const root = options.repoRoot ?? findRepoRoot(process.cwd());
  const directory = join(root, 'plugins', names.id);
  if (existsSync(directory)) throw new Error(`${relative(process.cwd(), directory) || directory} already exists; choose another id or remove it.`);
  const sdkVersion = (JSON.parse(readFileSync(join(root, 'sdk', 'package.json'), 'utf8')) as { version: string }).version;

  const templateRoot = templateDirectory(root);
  const files: string[] = [];
  for (const template of templateFiles(templateRoot)) {
    const target = renderTemplate(template, names, sdkVersion).replace(/\.tmpl$/, '');
    const text = renderTemplate(readFileSync(join(templateRoot, template), 'utf8'), names, sdkVersion);
    mkdirSync(dirname(join(directory, target)), { recursive: true });
    writeFileSync(join(directory, target), text);
    files.push(target);
  }

  const install = options.install ?? true;
  if (install) {
    const run = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      throw new Error(`wrote plugins/${names.id}, but \`${LINK_COMMAND}\` failed (exit ${run.status}): run it at ${root} to link the plugin.`);
    }
  }
  const where = relative(process.cwd(), root);
  return {
    directory,
    files: files.sort(),
    installed: install,
    nextSteps: [
      ...(install ? [] : [`${where ? `cd ${where} && ` : ''}${LINK_COMMAND}    # links ${names.packageName} into the workspace; npm ci and instances need it`]),
      `npx vitest run plugins/${names.id}    # its tests`,
      `add ${names.camel}Plugin from '${names.packageName}' to an instance's plugins (instances/<name>/index.ts)`,
    ],
  };
}

/** The folder holding package.json with the `plugins/*` workspace, from `start` upwards. */
export function findRepoRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { workspaces } = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (Array.isArray(workspaces) && workspaces.includes('plugins/*')) return folder;
    }
    if (dirname(folder) === folder) throw new Error(`no Commonplace repository (a package.json with the "plugins/*" workspace) at or above ${start}.`);
  }
}

/** Beside this file in the sources; from the repository's core when this runs from the compiled CLI. */
function templateDirectory(root: string): string {
  const besideThisFile = fileURLToPath(new URL('./template/', import.meta.url));
  return existsSync(besideThisFile) ? besideThisFile : join(root, 'core', 'src', 'cli', 'new-plugin', 'template');
}

function templateFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(folder, join(prefix, entry.name)) : entry.name.endsWith('.tmpl') ? [join(prefix, entry.name)] : [],
  );
}
