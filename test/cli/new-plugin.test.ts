import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldPlugin, type ScaffoldResult } from '../../core/src/cli/new-plugin/scaffold.js';
import { loadInstance } from '../../core/src/cli/load-instance.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
// A unique id, so parallel runs and a leftover folder do not collide; removed after the tests.
const id = `scaffold-t${Date.now().toString(36)}`;
const pascal = `ScaffoldT${Date.now().toString(36)}`;
const directory = join(root, 'plugins', id);

describe('commonplace new plugin', () => {
  let result: ScaffoldResult;
  beforeAll(() => {
    result = scaffoldPlugin({ id, repoRoot: root, install: false });
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes the plugin: manifest, services, tables and migration, GraphQL, federation, search, a web page, a test and a README', () => {
    expect(result.directory).toBe(directory);
    expect(result.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'src/index.ts',
        'src/services.ts',
        'src/tables.ts',
        'src/migrations.ts',
        'src/items/graphql.ts',
        'src/items/federation.ts',
        'src/items/search.ts',
        'src/web/index.ts',
        'src/web/items-page.tsx',
        'src/web/messages.en.json',
        'src/web/messages.es.json',
        `test/${id}.test.ts`,
      ]),
    );
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(`@commonplace/plugin-${id}`);
    expect(manifest.dependencies['@commonplace/sdk']).toBe(JSON.parse(readFileSync(join(root, 'sdk/package.json'), 'utf8')).version);
    expect(manifest.peerDependencies).toMatchObject({ graphql: expect.any(String), 'type-graphql': '2.0.0-rc.4' });
    const index = readFileSync(join(directory, 'src/index.ts'), 'utf8');
    expect(index).toContain(`definePlugin<${pascal}Services>({`);
    expect(index).toContain(`id: '${id}'`);
    for (const file of result.files) {
      expect(readFileSync(join(directory, file), 'utf8'), file).not.toMatch(/plugin-template|plugin_template|PluginTemplate|pluginTemplate|SDK_VERSION/i);
    }
  });

  it('tells what links the plugin when told not to install', () => {
    expect(result.installed).toBe(false);
    expect(result.nextSteps[0]).toMatch(/^npm install\b/);
  });

  it('type-checks', async () => {
    writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test'] }));
    const check = await run('npx', ['tsc', '--noEmit', '-p', join(directory, 'tsconfig.json')], { cwd: root }).catch((error) => error);
    expect(`${check.stdout ?? ''}${check.stderr ?? ''}`).toBe('');
  });

  it('passes its own test: it boots, writes, searches, serves, shows its page and receives a signed Article', async () => {
    const tests = await run('npx', ['vitest', 'run', `plugins/${id}`, '--hookTimeout', '300000', '--testTimeout', '120000'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    }).catch((error) => error);
    const output = String(tests.stdout).replace(/\x1b\[[0-9;]*m/g, '');
    expect(output, String(tests.stderr)).toMatch(/Tests\s+5 passed \(5\)/);
    expect(tests.code ?? 0).toBe(0);
  });

  it('refuses an id that is not kebab-case, and a folder that exists', () => {
    expect(() => scaffoldPlugin({ id: 'Tool_Library', repoRoot: root, install: false })).toThrow(/not a plugin id/);
    expect(() => scaffoldPlugin({ id: 'core', repoRoot: root, install: false })).toThrow(/reserved/);
    expect(() => scaffoldPlugin({ id, repoRoot: root, install: false })).toThrow(/already exists/);
  });

  it('an instance importing the plugin before npm install says to run it', async () => {
    const instanceDir = mkdtempSync(join(root, 'instances', '.scaffold-test-'));
    try {
      const file = join(instanceDir, 'index.ts');
      writeFileSync(file, `import plugin from '@commonplace/plugin-${id}';\nexport default { name: 'x', plugins: [plugin] };\n`);
      await expect(loadInstance(file, root)).rejects.toThrow(new RegExp(`plugins/${id} is not linked into the workspace yet: run \`npm install\``));
    } finally {
      rmSync(instanceDir, { recursive: true, force: true });
    }
  });

  it('runs from the command line', async () => {
    const bad = await run('node', [join(root, 'core/bin/commonplace.js'), 'new', 'plugin', 'Bad_Id', '--no-install'], { cwd: root }).catch((error) => error);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/commonplace new plugin: "Bad_Id" is not a plugin id/);
    expect(existsSync(join(root, 'plugins', 'Bad_Id'))).toBe(false);
  });
});
