#!/usr/bin/env node
// Builds the web assets (scripts/build-web-assets.mjs), then
// compiles the CLI, once per instance under instances/, into dist/<instance>/cli.js: core, the sdk,
// the plugins and the instance bundled into ES modules, which the `commonplace` bin runs instead
// of the TypeScript sources (see docs/decisions.md, "The CLI runs a compiled build; tests and tools keep the sources").
//
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only when a source changed since the last build
//   node scripts/build.mjs --out-dir D  build into D (tests); D must be inside the repository,
//                                       where node_modules is found
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BUILD_FORMAT,
  BUILD_INFO_FILE,
  changedInput,
  defaultBuildDir,
  readBuildInfo,
  repoRoot,
} from '../core/bin/compiled-build.js';
import { buildWebAssets } from './build-web-assets.mjs';

// tsx's own esbuild, so the build compiles exactly as tsx runs the sources (legacy decorators, no
// decorator metadata, the same version) and no second copy is installed.
const require = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
const esbuild = require('esbuild');

/**
 * Third-party packages bundled with our code rather than loaded from node_modules at run time:
 * ES modules spread over many files (kysely alone is 263), whose loading dominated start-up. Only
 * our code and other packages on this list import them, so each still loads once. Everything else
 * (graphql above all, which mercurius also loads; native addons; packages that read files next to
 * themselves) stays external.
 */
const BUNDLED_PACKAGES = new Set([
  'kysely',
  'kysely-pglite-dialect',
  'zod',
  'type-graphql',
  'graphql-scalars',
  'graphql-query-complexity',
  '@graphql-yoga/subscription',
  '@graphql-yoga/typed-event-target',
  '@repeaterjs/repeater',
  '@whatwg-node/events',
  'structured-headers',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  '@tokenizer/token',
  'uint8array-extras',
  '@borewit/text-codec',
]);

/** Files whose change means the build must be redone, besides the sources it bundles (tsx's version names esbuild's). */
const BUILD_CONFIG_FILES = ['tsconfig.base.json', 'scripts/build.mjs', 'core/bin/compiled-build.js', 'node_modules/tsx/package.json'];

const { values: options } = parseArgs({
  options: { 'if-stale': { type: 'boolean', default: false }, 'out-dir': { type: 'string' }, instance: { type: 'string' } },
});
const outDir = options['out-dir'] ? resolve(options['out-dir']) : defaultBuildDir;
// --instance <file> (tests, with --out-dir): that instance file alone, which need not be under instances/.
const instanceFiles = options.instance ? [relative(repoRoot, resolve(options.instance)).split(sep).join('/')] : findInstances();

// The browser side (GraphiQL's assets, built with Vite). Not with --out-dir, which builds the CLI alone.
if (!options['out-dir']) {
  const webStarted = performance.now();
  if (await buildWebAssets({ ifStale: options['if-stale'] })) {
    console.log(`Built the web assets into core/web/dist in ${Math.round(performance.now() - webStarted)} ms.`);
  }
}

if (options['if-stale'] && isCurrent(outDir, instanceFiles)) process.exit(0);

const started = performance.now();
await build(outDir, instanceFiles);
console.log(
  `Compiled the CLI for ${instanceFiles.length} instance${instanceFiles.length === 1 ? '' : 's'} ` +
    `into ${relative(process.cwd(), outDir) || '.'} in ${Math.round(performance.now() - started)} ms.`,
);

/** instances/<name>/index.ts, relative to the repository. */
function findInstances() {
  const dir = join(repoRoot, 'instances');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'index.ts')))
    .map((entry) => `instances/${entry.name}/index.ts`)
    .sort();
}

function isCurrent(dir, instances) {
  const info = readBuildInfo(dir);
  if (!info) return false;
  const built = Object.keys(info.instances).sort();
  return built.length === instances.length && built.every((file, i) => file === instances[i]) && !changedInput(info);
}

async function build(dir, instances) {
  const buildStarted = Date.now();
  // Packages are resolved from the output (as node will, from the compiled modules), so it must exist.
  mkdirSync(dir, { recursive: true });
  // One build per instance, each in a folder of its own: within one entry point esbuild keeps the
  // order in which modules run, across several it does not (and type-graphql lists fields in the
  // order their classes are decorated).
  const results = await Promise.all(instances.map((file) => buildInstance(file, join(dir, instanceName(file)))));

  // Never committed: everything in it is made here.
  writeFileSync(join(dir, '.gitignore'), '*\n');
  const previous = readBuildInfo(dir);
  const outputs = results.flatMap((result) => result.outputFiles);
  // Each file appears whole or not at all: a process starting meanwhile reads the old build or the new one.
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const files = outputs.map((file) => relative(dir, file.path).split(sep).join('/')).sort();
  const info = {
    format: BUILD_FORMAT,
    instances: Object.fromEntries(instances.map((file) => [file, `${instanceName(file)}/cli.js`])),
    files,
    inputs: inputsOf(results.map((result) => result.metafile), buildStarted),
  };
  writeAtomically(join(dir, BUILD_INFO_FILE), `${JSON.stringify(info)}\n`);
  removeOlderBuilds(dir, new Set([...files, ...(previous?.files ?? [])]));
}

/** instances/<name>/index.ts -> <name> (the folder holding the instance file) */
function instanceName(file) {
  return file.split('/').at(-2);
}

function buildInstance(file, outDir) {
  mkdirSync(outDir, { recursive: true });
  return esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [{ in: `entry:${file}`, out: 'cli' }],
    outdir: outDir,
    bundle: true,
    // Code only some commands need (BullMQ's backend, Meilisearch's...) and the instance itself
    // stay in chunks of their own, loaded when asked for, with the packages they import.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // As tsx does: class names survive bundling (type-graphql names GraphQL types after them).
    keepNames: true,
    // type-graphql's decorators need Reflect's metadata API when a class is decorated, and esbuild's
    // chunks do not keep the order of side-effect imports: a chunk holding a decorated class (the
    // sdk's PageInfo) ran before the one that imported reflect-metadata. Each file imports it first.
    banner: { js: "import 'reflect-metadata';" },
    tsconfig: join(repoRoot, 'tsconfig.base.json'),
    // Costs nothing unless node runs with --enable-source-maps; then stack traces name the .ts lines.
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [entriesPlugin(), packagesPlugin(outDir), sourceLocationPlugin(outDir)],
  });
}

/**
 * Chunks are named by their content, so a rebuild adds files. The previous build's stay: a server
 * started from it may still load one of its chunks (the first Meilisearch query, say); older ones go.
 */
function removeOlderBuilds(dir, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/');
    if (entry.isFile() && /\.js(\.map)?$/.test(path) && !keep.has(path)) rmSync(join(dir, path), { force: true });
  }
}

/** `entry:instances/demo/index.ts`: the CLI, and a function that loads the instance's module. */
function entriesPlugin() {
  return {
    name: 'commonplace-entries',
    setup(build) {
      build.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice('entry:'.length), namespace: 'entry' }));
      build.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({
        resolveDir: repoRoot,
        loader: 'js',
        // The instance (and its plugins) loads when the CLI asks for it, after core, as from the
        // sources: type-graphql lists fields in the order their classes are decorated, and esbuild
        // does not keep the order of statically imported chunks.
        contents: [
          `export { runCli } from './core/src/cli/main.ts';`,
          `export const loadInstance = () => import(${JSON.stringify(`./${args.path}`)});`,
        ].join('\n'),
      }));
    },
  };
}

/**
 * Workspace packages (@commonplace/*) and BUNDLED_PACKAGES are bundled; other packages are
 * imported at run time. dist/ finds them in the root node_modules; a package that resolves to a
 * different copy from where it is imported (a nested node_modules) is imported by its path instead.
 */
function packagesPlugin(dir) {
  const skip = Symbol('resolving');
  return {
    name: 'commonplace-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === skip || args.namespace === 'entry') return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (name.startsWith('@commonplace/')) return unlinkedWorkspacePackage(name, args.importer);
        if (BUNDLED_PACKAGES.has(name)) return undefined;
        const where = { kind: args.kind, pluginData: skip };
        const fromImporter = await build.resolve(args.path, { ...where, resolveDir: args.resolveDir });
        if (fromImporter.errors.length > 0 || fromImporter.external) return { path: args.path, external: true };
        const fromBuild = await build.resolve(args.path, { ...where, resolveDir: dir });
        const samePackage = fromBuild.errors.length === 0 && packageDirectory(fromBuild.path) === packageDirectory(fromImporter.path);
        if (samePackage) return { path: args.path, external: true };
        return { path: toImportPath(relative(dir, fromImporter.path)), external: true };
      });
    },
  };
}

/**
 * A plugin folder made since the last `npm install` is not linked into node_modules/@commonplace/,
 * and esbuild would say only "Could not resolve": name the folder and what links it. Linked or
 * unknown packages are left to esbuild (undefined).
 */
function unlinkedWorkspacePackage(name, importer) {
  if (existsSync(join(repoRoot, 'node_modules', name))) return undefined;
  const pluginsDir = join(repoRoot, 'plugins');
  const folder = existsSync(pluginsDir)
    ? readdirSync(pluginsDir).find((entry) => {
        const manifest = join(pluginsDir, entry, 'package.json');
        return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name;
      })
    : undefined;
  if (!folder) return undefined;
  const text =
    `${relative(repoRoot, importer).split(sep).join('/')} imports ${name}, whose folder plugins/${folder} is not linked ` +
    "into the workspace yet: run `npm install` at the repository's root (once for each new plugin folder; " +
    '`npm ci` refuses package-lock.json until then), then build again.';
  return { errors: [{ text }] };
}

/**
 * `import.meta.url` in our sources names the source file, not the bundle: files next to it
 * (pglite-initdb.mjs, JSON-LD contexts, vf-actions.json, worker scripts, package.json) are read
 * from where they are. An instance's output folder is flat, so one relative URL from it works for
 * every file in it.
 */
function sourceLocationPlugin(dir) {
  return {
    name: 'commonplace-source-location',
    setup(build) {
      build.onLoad({ filter: /\.[mc]?[jt]s$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`) || !args.path.startsWith(repoRoot)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        if (/import\.meta\.(dirname|filename)/.test(source)) {
          return { errors: [{ text: 'use new URL(..., import.meta.url): the build rewrites import.meta.url only' }] };
        }
        const sourceUrl = relative(dir, args.path).split(sep).map(encodeURIComponent).join('/');
        return {
          contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(sourceUrl)}, import.meta.url).href`),
          loader: /\.[mc]?ts$/.test(args.path) ? 'ts' : 'js',
        };
      });
    },
  };
}

/** Our sources file by file, and each bundled package by its package.json (its version). */
function inputsOf(metafiles, buildStarted) {
  const paths = new Set(BUILD_CONFIG_FILES);
  for (const input of metafiles.flatMap((metafile) => Object.keys(metafile.inputs))) {
    if (input.includes(':')) continue; // the virtual entries
    const inPackage = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    paths.add(inPackage ? `${inPackage[1]}/package.json` : input);
  }
  const inputs = {};
  for (const path of [...paths].sort()) {
    const stats = statSync(join(repoRoot, path));
    // Changed while the build ran: recorded as unknown, so the next check finds the build stale.
    inputs[path] = [stats.mtimeMs >= buildStarted ? -1 : stats.mtimeMs, stats.size];
  }
  return inputs;
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** node_modules/<name> or node_modules/@scope/<name> holding a resolved file: which copy of the package it is. */
function packageDirectory(file) {
  const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
  return match ? match[1] : file;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function toImportPath(path) {
  const posix = path.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}
