import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { islandEntryName } from '../src/web/server/asset-names.js';

/** What the build needs of a plugin's manifest (sdk/src/plugin.ts, sdk/src/web/contract.ts). */
interface PluginIslands {
  id: string;
  web?: { islands?: Readonly<Record<string, URL>> };
}

/**
 * The island entries of every workspace plugin (plugins/<dir>/), by the entry name the server looks
 * up (`island-<plugin-id>.<name>` -> the entry module's path). Read from each plugin's own manifest,
 * `web.islands`, so a plugin declares its islands once: the build imports the manifest through tsx
 * (the sources are TypeScript; the build runs where tsx is installed, as scripts/build.mjs does).
 */
export async function collectIslandEntries(repoRoot: string): Promise<Record<string, string>> {
  const pluginsDir = join(repoRoot, 'plugins');
  if (!existsSync(pluginsDir)) return {};
  // type-graphql's decorators in the manifests' modules need the Reflect API first.
  await import('reflect-metadata');
  const { tsImport } = await import('tsx/esm/api');
  const entries: Record<string, string> = {};
  for (const dir of readdirSync(pluginsDir).sort()) {
    const packageFile = join(pluginsDir, dir, 'package.json');
    if (!existsSync(packageFile)) continue;
    const main = mainEntry(JSON.parse(readFileSync(packageFile, 'utf8')));
    if (!main) continue;
    const module = (await tsImport(join(pluginsDir, dir, main), import.meta.url)) as { default?: PluginIslands };
    const plugin = module.default;
    if (!plugin?.id) throw new Error(`plugins/${dir}: its main module (${main}) has no default export with an id (the plugin's manifest)`);
    for (const [name, url] of Object.entries(plugin.web?.islands ?? {})) {
      const path = fileURLToPath(url);
      if (!existsSync(path)) throw new Error(`plugins/${dir}: the island ${name} names ${path}, which does not exist`);
      entries[islandEntryName(`${plugin.id}.${name}`)] = path;
    }
  }
  return entries;
}

/** The package's `.` export (a path), as Node would pick it for an import. */
function mainEntry(pkg: { exports?: unknown; main?: string }): string | undefined {
  const root = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  if (typeof root === 'string') return root;
  if (root && typeof root === 'object') {
    const conditions = root as Record<string, unknown>;
    const picked = conditions.import ?? conditions.default;
    if (typeof picked === 'string') return picked;
  }
  return pkg.main;
}
