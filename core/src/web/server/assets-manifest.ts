import { existsSync, readFileSync } from 'node:fs';
import { WEB_BUILD_DIR } from '../../http/web-assets.js';
import { islandEntryName, STYLESHEET_ENTRY } from './asset-names.js';

// The entries' names: the design system's stylesheet is `ui`, an island's entry `island-<name>`.
export { islandEntryName, STYLESHEET_ENTRY };

/** What the page head needs for an island: its module and what it imports (preloaded), as URLs. */
export interface IslandAssets {
  script: string;
  preload: readonly string[];
  stylesheets: readonly string[];
}

export interface AssetsManifest {
  /** The design system's stylesheets (URLs). */
  stylesheets: readonly string[];
  island(name: string): IslandAssets | undefined;
}

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** Reads dist/.vite/manifest.json once; null when the assets are not built (the caller logs it). */
export function readAssetsManifest(file = `${WEB_BUILD_DIR}.vite/manifest.json`): AssetsManifest | null {
  if (!existsSync(file)) return null;
  return assetsManifestOf(JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManifestChunk>);
}

/** The lookups a page needs, worked out once from a Vite manifest. */
export function assetsManifestOf(manifest: Readonly<Record<string, ManifestChunk>>): AssetsManifest {
  const entries = new Map<string, ManifestChunk>();
  for (const chunk of Object.values(manifest)) if (chunk.isEntry && chunk.name) entries.set(chunk.name, chunk);
  const url = (file: string) => `/${file}`;

  /** Every chunk an entry imports, transitively, each once: the browser is told of them up front. */
  const importsOf = (chunk: ManifestChunk, seen = new Set<string>()): string[] => {
    for (const key of chunk.imports ?? []) {
      const imported = manifest[key];
      if (!imported || seen.has(imported.file)) continue;
      seen.add(imported.file);
      importsOf(imported, seen);
    }
    return [...seen];
  };
  const cssOf = (chunk: ManifestChunk) => [...(chunk.file.endsWith('.css') ? [chunk.file] : []), ...(chunk.css ?? [])].map(url);

  const ui = entries.get(STYLESHEET_ENTRY);
  const stylesheets = ui ? cssOf(ui) : [];
  const islands = new Map<string, IslandAssets>();
  return {
    stylesheets,
    island(name) {
      const known = islands.get(name);
      if (known) return known;
      const chunk = entries.get(islandEntryName(name));
      if (!chunk) return undefined;
      const assets = { script: url(chunk.file), preload: importsOf(chunk).map(url), stylesheets: cssOf(chunk).filter((css) => !stylesheets.includes(css)) };
      islands.set(name, assets);
      return assets;
    },
  };
}
