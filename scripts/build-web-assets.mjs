// Builds core/web (the browser side: GraphiQL today, the front end's islands next) with Vite into
// core/web/dist, from the installed packages only: no network. Run by scripts/build.mjs.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { changedInput, repoRoot } from '../core/bin/compiled-build.js';

const WEB_DIR = join(repoRoot, 'core/web');
export const WEB_BUILD_DIR = join(WEB_DIR, 'dist');
const BUILD_INFO = join(WEB_BUILD_DIR, '.build-info.json');
const FORMAT = 1;

/** Packages whose version is part of the build, besides core/web's own files. */
const BUILT_PACKAGES = [
  'vite',
  'graphiql',
  '@graphiql/react',
  '@graphiql/toolkit',
  'react',
  'react-dom',
  'monaco-editor',
  'monaco-graphql',
  'graphql',
];

/** Worth compressing: text, and fonts that are not compressed already (Monaco's codicon.ttf). */
const COMPRESSIBLE = /\.(js|css|html|json|svg|ttf|map)$/;
const MIN_COMPRESSED_SIZE = 1024;

/**
 * Builds unless `ifStale` and nothing changed since the last build. Returns whether it built.
 * Files of the previous build stay (a server started from it still names them until it restarts);
 * older ones are removed.
 */
export async function buildWebAssets({ ifStale = false } = {}) {
  const previous = readInfo();
  if (ifStale && previous && !changedInput(previous)) return false;

  const { build } = await import('vite');
  const buildStarted = Date.now();
  const result = await build({ configFile: join(WEB_DIR, 'vite.config.ts') });
  const outputs = [result].flat().flatMap((output) => output.output);
  const built = outputs.map((file) => file.fileName).filter((file) => file.startsWith('assets/'));
  // The islands' sources (plugins', the sdk's client) are inputs too (core/web/islands.ts finds them in their manifests).
  const pluginSources = outputs
    .flatMap((file) => file.moduleIds ?? [])
    .map((id) => relative(repoRoot, id).split(sep).join('/'))
    .filter((path) => (path.startsWith('plugins/') || path.startsWith('sdk/')) && !path.includes('/node_modules/') && existsSync(join(repoRoot, path)));
  const compressed = await compress(built.filter((file) => COMPRESSIBLE.test(file)));
  const files = [...built, ...compressed].sort();

  const keep = new Set([...files, ...(previous?.files ?? [])]);
  for (const file of listAssets()) if (!keep.has(file)) rmSync(join(WEB_BUILD_DIR, file));
  writeFileSync(join(WEB_BUILD_DIR, '.gitignore'), '*\n');
  writeFileSync(BUILD_INFO, `${JSON.stringify({ format: FORMAT, files, inputs: inputsOf(buildStarted, pluginSources) })}\n`);
  return true;
}

function readInfo() {
  try {
    const info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
    return info?.format === FORMAT ? info : undefined;
  } catch {
    return undefined;
  }
}

/** dist/assets/*, relative to dist, `/`-separated. */
function listAssets() {
  const dir = join(WEB_BUILD_DIR, 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => `assets/${name}`).sort();
}

/**
 * name.br and name.gz beside each file: @fastify/static sends them to browsers that accept them.
 * Returns the files written.
 */
async function compress(files) {
  const brotli = promisify(brotliCompress);
  const gzipped = promisify(gzip);
  const written = await Promise.all(
    files.map(async (file) => {
      const path = join(WEB_BUILD_DIR, file);
      const contents = readFileSync(path);
      if (contents.length < MIN_COMPRESSED_SIZE) return [];
      const [br, gz] = await Promise.all([
        brotli(contents, { params: { [zlib.BROTLI_PARAM_QUALITY]: 7, [zlib.BROTLI_PARAM_SIZE_HINT]: contents.length } }),
        gzipped(contents, { level: 9 }),
      ]);
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gz);
      return [`${file}.br`, `${file}.gz`];
    }),
  );
  return written.flat();
}

/**
 * core/web's sources file by file, each built package by its package.json, the plugins' island
 * sources and the files that declare islands (each plugin's package.json and its index.ts files),
 * as [mtimeMs, size].
 */
function inputsOf(buildStarted, pluginSources) {
  const paths = readdirSync(WEB_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .filter((path) => !path.startsWith('core/web/dist/'));
  for (const name of BUILT_PACKAGES) paths.push(`node_modules/${name}/package.json`);
  paths.push('scripts/build-web-assets.mjs', 'core/src/web/server/asset-names.ts', ...new Set(pluginSources), ...islandDeclarations());
  const inputs = {};
  for (const path of paths.sort()) {
    const stats = statSync(join(repoRoot, path));
    // Changed while the build ran: recorded as unknown, so the next check finds the build stale.
    inputs[path] = [stats.mtimeMs >= buildStarted ? -1 : stats.mtimeMs, stats.size];
  }
  return inputs;
}

/** Where a workspace plugin may declare an island: its package.json and its index.ts modules. */
function islandDeclarations() {
  const pluginsDir = join(repoRoot, 'plugins');
  if (!existsSync(pluginsDir)) return [];
  return readdirSync(pluginsDir).flatMap((dir) => {
    const src = join(pluginsDir, dir, 'src');
    const indexes = existsSync(src)
      ? readdirSync(src, { recursive: true }).filter((path) => String(path).endsWith('index.ts')).map((path) => `plugins/${dir}/src/${String(path).split(sep).join('/')}`)
      : [];
    return existsSync(join(pluginsDir, dir, 'package.json')) ? [`plugins/${dir}/package.json`, ...indexes] : indexes;
  });
}

// `node scripts/build-web-assets.mjs [--if-stale]`: the web assets alone (the browser tests run it).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const built = await buildWebAssets({ ifStale: process.argv.includes('--if-stale') });
  if (built) console.log(`Built the web assets into core/web/dist in ${Math.round(performance.now() - started)} ms.`);
}
