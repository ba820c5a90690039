import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneShotLogLevel } from '../../core/src/cli/cli-logging.js';
import { exposureWarning } from '../../core/src/cli/exposure-warning.js';
import { instanceNames, loadInstance } from '../../core/src/cli/load-instance.js';
import { describeMigrations } from '../../core/src/cli/migrate-instance.js';
import { checkServersReachable, maskPassword } from '../../core/src/cli/reachability.js';
import { parseInstanceSettings } from '../../core/src/config/load-settings.js';

const root = resolve(import.meta.dirname, '../..');
const cliFromSources = join(root, 'test/cli/run-sources.mjs');
const execFileAsync = promisify(execFile);
const searchNotes = 'test/fixtures/instances/search-notes';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** One `commonplace` command from the sources, as a person would type it: no LOG_LEVEL, embedded database unless `env` says otherwise. */
async function commonplace(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['VITEST', 'LOG_LEVEL', 'REDIS_URL', 'DATABASE_URL', 'MEILISEARCH_URL']) if (!(name in env)) delete environment[name];
  const started = Date.now();
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cliFromSources, ...args], { cwd: root, env: environment, timeout: 240_000 });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string; killed?: boolean };
    if (failed.killed) throw new Error(`commonplace ${args.join(' ')} did not finish in 240 s:\n${failed.stdout}${failed.stderr}`);
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr, ms: Date.now() - started };
  }
}

const jsonLogLines = (text: string) => text.split('\n').filter((line) => line.startsWith('{"level"'));
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('admin commands: what they print', () => {
  it('logs only warnings for one-shot commands, everything with --verbose, and keeps a quieter LOG_LEVEL', () => {
    expect(oneShotLogLevel(false, {})).toBe('warn');
    expect(oneShotLogLevel(false, { LOG_LEVEL: 'debug' })).toBe('warn');
    expect(oneShotLogLevel(false, { LOG_LEVEL: 'silent' })).toBe('silent');
    expect(oneShotLogLevel(false, { LOG_LEVEL: 'error' })).toBe('error');
    expect(oneShotLogLevel(true, {})).toBe('info');
    expect(oneShotLogLevel(true, { LOG_LEVEL: 'debug' })).toBe('debug');
  });

  it('warns when the server listens beyond loopback without PUBLIC_URL, and only then', () => {
    const settings = (input: Record<string, unknown>) => parseInstanceSettings(input);
    expect(exposureWarning(settings({}))).toMatch(/^Warning: listening on 0\.0\.0\.0 .*sign-up is open.*PUBLIC_URL is not set/);
    expect(exposureWarning(settings({ signUp: 'invite-only' }))).not.toContain('sign-up is open');
    expect(exposureWarning(settings({ host: '192.168.1.20' }))).toContain('listening on 192.168.1.20');
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) expect(exposureWarning(settings({ host }))).toBeNull();
    expect(exposureWarning(settings({ publicUrl: 'https://commons.example.org' }))).toBeNull();
  });

  it('says which migrations ran, or that none had to', () => {
    expect(describeMigrations([])).toEqual(['Migrations are up to date.']);
    expect(describeMigrations([{ owner: 'core', name: '0001_accounts' }, { owner: 'education-commons', name: '0001_resources' }])).toEqual([
      'core: 0001_accounts',
      'education-commons: 0001_resources',
      'Ran 2 migrations.',
    ]);
  });

  it('an unknown --instance lists the instances there are', async () => {
    expect(instanceNames(root)).toEqual(expect.arrayContaining(['city-coop', 'demo', 'education']));
    await expect(loadInstance('atlantis', root)).rejects.toThrow(/no instance "atlantis".* Instances here: city-coop, demo, education\./);
    const elsewhere = await mkdtemp(join(tmpdir(), 'commonplace-no-instances-'));
    try {
      await expect(loadInstance('atlantis', elsewhere)).rejects.toThrow(`There is no instances/<name>/index.ts under ${elsewhere}.`);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('masks the password of a server URL it prints', () => {
    expect(maskPassword('postgres://commons:s3cret@db.internal:5432/commons')).toBe('postgres://commons:***@db.internal:5432/commons');
    expect(maskPassword('redis://:s3cret@cache:6379')).toBe('redis://:***@cache:6379');
    expect(maskPassword('postgres://root@127.0.0.1:5432/test')).toBe('postgres://root@127.0.0.1:5432/test');
  });

  it('stops in seconds, in one line, when the database or Redis cannot be reached', async () => {
    const embedded = { database: { dataDir: 'memory://' } };
    const started = Date.now();
    await expect(checkServersReachable(parseInstanceSettings({ ...embedded, redis: { url: 'redis://127.0.0.1:1' } }), 2_000)).rejects.toThrow(
      '[core] cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED); check REDIS_URL.',
    );
    await expect(checkServersReachable(parseInstanceSettings({ database: { url: 'postgres://commons:s3cret@127.0.0.1:1/commons' } }), 2_000)).rejects.toThrow(
      '[core] cannot reach the database at postgres://commons:***@127.0.0.1:1/commons (ECONNREFUSED); check DATABASE_URL.',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // The servers this run has, when it has them, are reachable.
    const given = { ...(process.env.DATABASE_URL ? { database: { url: process.env.DATABASE_URL } } : embedded), ...(process.env.REDIS_URL ? { redis: { url: process.env.REDIS_URL } } : {}) };
    await expect(checkServersReachable(parseInstanceSettings(given))).resolves.toBeUndefined();
  });
});

// Each test runs the CLI from its sources in child processes (loading TypeScript, and PGlite's initdb on
// the first migrate): far past vitest's 30 s on a busy 2-core machine.
describe('admin commands, run as a person would', { timeout: 240_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-admin-commands-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('--help lists the environment variables', async () => {
    const { stdout } = await commonplace(['--help'], {});
    for (const name of ['PORT', 'HOST', 'PUBLIC_URL', 'DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'MEILISEARCH_URL', 'MEILISEARCH_KEY', 'LOG_LEVEL', 'FEDERATION_ALLOW_PRIVATE']) {
      expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(stdout).toContain('--verbose');
  });

  it('migrate names each migration it ran, then says it is up to date; no log lines', async () => {
    const first = await commonplace(['--instance', searchNotes, 'migrate'], { DATA_DIR: dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^core: 0001_accounts$/m);
    expect(first.stdout).toMatch(/^search-notes: \w+$/m);
    expect(first.stdout).toMatch(/^Ran \d+ migrations\.$/m);
    expect(jsonLogLines(first.stdout + first.stderr)).toEqual([]);
    const again = await commonplace(['--instance', searchNotes, 'migrate'], { DATA_DIR: dataDir });
    expect(again.stdout).toBe('Migrations are up to date.\n');
  });

  it('create-admin prints one line, and its log lines only with --verbose', async () => {
    const quiet = await commonplace(['--instance', searchNotes, 'create-admin', '-u', 'mira', '-e', 'mira@example.org'], { DATA_DIR: dataDir });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(lines(quiet.stdout)).toEqual([expect.stringMatching(/^Admin "mira" created\. Password: [\w-]{12,}$/)]);
    expect(quiet.stderr).toBe('');
    const verbose = await commonplace(['--instance', searchNotes, '--verbose', 'create-admin', '-u', 'noor', '-e', 'noor@example.org', '--password', 'a long enough password'], { DATA_DIR: dataDir });
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(jsonLogLines(verbose.stdout).some((line) => line.includes('"instance booted"'))).toBe(true);
    expect(verbose.stdout).toContain('Admin "noor" created.');
  });

  it('migrate with an unreachable Redis or database fails in seconds with one line, never the password', async () => {
    const redis = await commonplace(['--instance', searchNotes, 'migrate'], { DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(redis.code).toBe(1);
    expect(lines(redis.stderr)).toEqual(['Cannot start: [core] cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED); check REDIS_URL.']);
    const database = await commonplace(['--instance', searchNotes, 'migrate'], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://commons:s3cret@127.0.0.1:1/commons' });
    expect(database.code).toBe(1);
    expect(lines(database.stderr)).toEqual(['Cannot start: [core] cannot reach the database at postgres://commons:***@127.0.0.1:1/commons (ECONNREFUSED); check DATABASE_URL.']);
    expect(database.stdout + database.stderr).not.toContain('s3cret');
  });
});
