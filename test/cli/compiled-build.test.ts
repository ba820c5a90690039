import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_FORMAT, BUILD_INFO_FILE, chooseCli, instanceArgument } from '../../core/bin/compiled-build.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('instanceArgument reads --instance as commander does', () => {
  it.each([
    [['start'], 'demo'],
    [['--instance', 'education', 'start'], 'education'],
    [['start', '--instance', 'city-coop', '--port', '0'], 'city-coop'],
    [['-i', 'education', 'plugins'], 'education'],
    [['-ieducation', 'plugins'], 'education'],
    [['--instance=instances/education', 'plugins'], 'instances/education'],
    [['-i', 'demo', '-i', 'education'], 'education'],
    [['start', '--', '--instance', 'education'], 'demo'],
  ])('%j -> %s', (args, expected) => {
    expect(instanceArgument(['node', 'commonplace', ...args])).toBe(expected);
  });
});

describe('chooseCli', () => {
  let repo: string;
  const buildDir = () => join(repo, 'dist');
  const argv = (...args: string[]) => ['node', 'commonplace', ...args];
  const choose = (...args: string[]) => chooseCli({ argv: argv(...args), cwd: repo, root: repo, buildDir: buildDir() });

  async function writeBuildInfo(inputs: string[], instances: Record<string, string>): Promise<void> {
    const recorded: Record<string, [number, number]> = {};
    for (const path of inputs) {
      const stats = await stat(join(repo, path));
      recorded[path] = [stats.mtimeMs, stats.size];
    }
    await mkdir(buildDir(), { recursive: true });
    await writeFile(join(buildDir(), BUILD_INFO_FILE), JSON.stringify({ format: BUILD_FORMAT, instances, files: [], inputs: recorded }));
  }

  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'commonplace-choose-'));
    for (const name of ['demo', 'other']) {
      await mkdir(join(repo, 'instances', name), { recursive: true });
      await writeFile(join(repo, 'instances', name, 'index.ts'), 'export default {};\n');
    }
    await mkdir(join(repo, 'core'), { recursive: true });
    await writeFile(join(repo, 'core', 'source.ts'), 'export const answer = 42;\n');
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('runs the sources when there is no build', async () => {
    await rm(buildDir(), { recursive: true, force: true });
    expect(choose('start')).toEqual({ kind: 'source', reason: 'there is no compiled build' });
  });

  it('runs the compiled module of the instance asked for when every input is unchanged', async () => {
    await writeBuildInfo(['core/source.ts', 'instances/demo/index.ts'], { 'instances/demo/index.ts': 'demo/cli.js' });
    expect(choose('start')).toEqual({
      kind: 'compiled',
      moduleUrl: pathToFileURL(join(buildDir(), 'demo/cli.js')).href,
      instanceFile: join(repo, 'instances/demo/index.ts'),
    });
    // A path to the same instance finds the same module.
    expect(choose('start', '--instance', 'instances/demo')).toMatchObject({ kind: 'compiled', instanceFile: join(repo, 'instances/demo/index.ts') });
  });

  it('runs the sources, saying why, once a source changed since the build', async () => {
    await writeBuildInfo(['core/source.ts', 'instances/demo/index.ts'], { 'instances/demo/index.ts': 'demo/cli.js' });
    const later = new Date(Date.now() + 5_000);
    await utimes(join(repo, 'core/source.ts'), later, later);
    expect(choose('start')).toEqual({ kind: 'source', reason: 'core/source.ts changed since the last build' });
  });

  it('runs the sources for an instance the build does not hold, and leaves an unknown one to the CLI to report', async () => {
    await writeBuildInfo(['instances/demo/index.ts'], { 'instances/demo/index.ts': 'demo/cli.js' });
    expect(choose('--instance', 'other', 'start')).toEqual({ kind: 'source', reason: 'instances/other/index.ts is not in the compiled build' });
    expect(choose('--instance', 'atlantis', 'start')).toEqual({ kind: 'source', reason: undefined });
  });

  it('ignores a build-info.json of another format', async () => {
    await mkdir(buildDir(), { recursive: true });
    await writeFile(join(buildDir(), BUILD_INFO_FILE), JSON.stringify({ format: BUILD_FORMAT + 1, instances: {}, inputs: {} }));
    expect(choose('start')).toEqual({ kind: 'source', reason: 'there is no compiled build' });
  });
});

describe('scripts/build.mjs', () => {
  // Inside the repository, where the compiled modules find node_modules.
  const outDir = join(root, 'node_modules', '.cache', `commonplace-build-test-${process.pid}`);
  let info: { instances: Record<string, string>; files: string[]; inputs: Record<string, [number, number]> };

  beforeAll(async () => {
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', outDir], { cwd: root });
    info = JSON.parse(await readFile(join(outDir, BUILD_INFO_FILE), 'utf8'));
  }, 120_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('compiles one module per instance and records what it read', async () => {
    const instances = (await readdir(join(root, 'instances'))).filter((name) => existsSync(join(root, 'instances', name, 'index.ts')));
    expect(Object.keys(info.instances).sort()).toEqual(instances.map((name) => `instances/${name}/index.ts`).sort());
    for (const file of Object.values(info.instances)) expect(existsSync(join(outDir, file))).toBe(true);
    expect(info.inputs).toHaveProperty(['core/src/cli/main.ts']);
    expect(info.inputs).toHaveProperty(['sdk/src/index.ts']);
    // A bundled package is recorded by its package.json, so an upgrade makes the build stale.
    expect(info.inputs).toHaveProperty(['node_modules/kysely/package.json']);
    expect(await readFile(join(outDir, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('bundles type-graphql and kysely, so each loads once, and keeps graphql external, shared with mercurius', async () => {
    const code = (await Promise.all(info.files.filter((file) => file.endsWith('.js')).map((file) => readFile(join(outDir, file), 'utf8')))).join('\n');
    expect(code).not.toMatch(/from "type-graphql"|from "kysely"|from "zod"/);
    expect(code).toMatch(/from "graphql"/);
    // Legacy decorators, as tsx compiles them, and no decorator metadata.
    expect(code).toContain('__decorateClass');
    expect(code).not.toContain('__metadata("design:');
  });

  it('skips the build with --if-stale when nothing changed', async () => {
    const ifStale = () => run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', outDir, '--if-stale'], { cwd: root });
    // The first brings the build up to date should a source have changed since beforeAll; the second finds nothing to do.
    await ifStale();
    expect((await ifStale()).stdout).toBe('');
  });

  it('runs a command from a compiled module', async () => {
    const script = [
      `const compiled = await import(${JSON.stringify(pathToFileURL(join(outDir, info.instances['instances/education/index.ts']!)).href)});`,
      `await compiled.runCli(['node', 'commonplace', '--instance', 'education', 'plugins'], { importInstance: compiled.loadInstance });`,
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toMatch(/^Commonplace for education: 1 plugin\n {2}education-commons@/);
  });
});

describe('scripts/build.mjs with a plugin folder not linked yet', () => {
  // A unique id, so parallel runs do not collide. The instance lives outside instances/ and is built
  // alone (--instance), so the builds other tests run meanwhile never see it; the plugin folder is
  // imported by nothing else.
  const id = `unlinked-t${Date.now().toString(36)}`;
  const outDir = join(root, 'node_modules', '.cache', `commonplace-build-test-${id}`);
  const instanceDir = join(root, 'node_modules', '.cache', `commonplace-instance-${id}`, id);
  const pluginDir = join(root, 'plugins', id);
  const cleanUp = () => Promise.all([dirname(instanceDir), pluginDir, outDir].map((dir) => rm(dir, { recursive: true, force: true })));
  afterAll(cleanUp);

  it('names the folder and says that `npm install` links it', async () => {
    await mkdir(pluginDir, { recursive: true });
    await writeFile(join(pluginDir, 'package.json'), JSON.stringify({ name: `@commonplace/plugin-${id}`, version: '0.0.0' }));
    await mkdir(instanceDir, { recursive: true });
    await writeFile(join(instanceDir, 'index.ts'), `import plugin from '@commonplace/plugin-${id}';\nexport default { plugins: [plugin] };\n`);
    const instanceFile = join(instanceDir, 'index.ts');
    const failure = await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', outDir, '--instance', instanceFile], { cwd: root })
      .then(() => null, (error: { code?: number; stderr?: string }) => error)
      .finally(cleanUp);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`${id}/index.ts imports @commonplace/plugin-${id}, whose folder plugins/${id} is not linked`);
    expect(failure?.stderr).toContain("run `npm install` at the repository's root");
    expect(failure?.stderr).not.toContain('Could not resolve');
  }, 120_000);
});
