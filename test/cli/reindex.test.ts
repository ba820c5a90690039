import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootInstance } from '../../core/src/kernel/boot.js';
import searchNotesInstance from '../fixtures/instances/search-notes/index.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'core/bin/commonplace.js');
const run = promisify(execFile);
const instancePath = 'test/fixtures/instances/search-notes';

describe('commonplace reindex', () => {
  let dataDir: string;
  const env = () => {
    const environment: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete environment.VITEST;
    delete environment.REDIS_URL;
    delete environment.DATABASE_URL;
    return environment;
  };
  const boot = () =>
    bootInstance(searchNotesInstance, {
      useEnvironment: false,
      overrides: { database: { dataDir }, jobs: { runInWebProcess: false } },
      logger: pino({ level: 'silent' }),
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-reindex-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('rebuilds the index from the database: rows written without index jobs become searchable', async () => {
    const before = await boot();
    try {
      const author = await before.services.db.selectFrom('core_actors').select('id').executeTakeFirst();
      await before.services.db
        .insertInto('search_notes_notes')
        .values({ id: crypto.randomUUID(), author_id: author?.id ?? crypto.randomUUID(), title: 'Quince jelly', body: '', subjects: [], level: 1, visibility: 'public', updated_at: new Date() })
        .execute();
    } finally {
      await before.close();
    }

    const { stdout } = await run(process.execPath, [cli, 'reindex', '--instance', instancePath], { cwd: root, env: env() });
    expect(stdout).toContain('search-notes.note: 1 document indexed');

    const after = await boot();
    try {
      const page = await after.services.searchEngine.search({ text: 'quince' }, after.services);
      expect(page.results.map((result) => result.hit.type)).toEqual(['search-notes.note']);
    } finally {
      await after.close();
    }
  }, 120_000);

  it('refuses an unknown type, naming the known ones', async () => {
    const failed = await run(process.execPath, [cli, 'reindex', '--instance', instancePath, '--type', 'nope.nothing'], { cwd: root, env: env() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('BAD_USER_INPUT (type): "nope.nothing" is not a searchable type; the types are: search-notes.note.');
  }, 60_000);
});
