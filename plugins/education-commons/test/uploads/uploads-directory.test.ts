import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestInstance } from '@commonplace/sdk/testing';
import { educationCommonsPlugin } from '../../src/index.js';
import { moveLegacyUploads, uploadSettings, uploadsDirectory } from '../../src/uploads/index.js';
import { listFiles, multipartBody } from './helpers.js';

const onDisk = (dataDir: string) => ({ dataDir });
const KEY = '0123456789abcdef0123456789abcdef';

/** A log that keeps its lines. */
function recordingLog() {
  const lines: string[] = [];
  return { lines, warn: (message: unknown) => void lines.push(String(message)) };
}

describe('where uploads are kept', () => {
  it('under the data directory by default; a relative uploads.directory resolves against it, an absolute one is kept', () => {
    expect(uploadSettings().directory).toBe('uploads');
    expect(uploadsDirectory(onDisk('/srv/commons'), uploadSettings())).toBe('/srv/commons/uploads');
    expect(uploadsDirectory(onDisk('./data'), uploadSettings({ directory: 'files/shared' }))).toBe(resolve('data/files/shared'));
    expect(uploadsDirectory(onDisk('/srv/commons'), uploadSettings({ directory: '/mnt/uploads' }))).toBe('/mnt/uploads');
    // An in-memory instance (tests) has no data directory: a scratch folder, never the working directory.
    expect(uploadsDirectory(onDisk('memory://'), uploadSettings())).toBe(join(tmpdir(), 'commonplace-in-memory-instance', 'uploads'));
  });

  describe('files an older version left in ./data/uploads', () => {
    let cwd: string;
    let dataDir: string;
    const legacyFile = () => join(cwd, 'data/uploads/01/23', KEY);
    beforeEach(async () => {
      cwd = await mkdtemp(join(tmpdir(), 'commonplace-legacy-uploads-'));
      dataDir = join(cwd, 'var/commons');
      await mkdir(join(cwd, 'data/uploads/01/23'), { recursive: true });
      await writeFile(legacyFile(), 'lesson plan');
      await writeFile(`${legacyFile()}.json`, '{}');
    });
    afterEach(() => rm(cwd, { recursive: true, force: true }));

    it('are moved under DATA_DIR on start, with one log line, and only once', async () => {
      const log = recordingLog();
      expect(await moveLegacyUploads(onDisk(dataDir), uploadSettings(), log, cwd)).toBe(join(cwd, 'data/uploads'));
      expect((await listFiles(join(dataDir, 'uploads'))).sort()).toEqual([`01/23/${KEY}`, `01/23/${KEY}.json`]);
      expect(await listFiles(join(cwd, 'data/uploads'))).toEqual([]);
      expect(log.lines).toEqual([`education-commons: moved the uploads from ${join(cwd, 'data/uploads')} to ${join(dataDir, 'uploads')}, under the data directory (DATA_DIR), so a backup of it holds them`]);
      expect(await moveLegacyUploads(onDisk(dataDir), uploadSettings(), log, cwd)).toBeNull();
      expect(log.lines).toHaveLength(1);
    });

    it('move into an empty uploads folder, even one holding the storage’s scratch folder', async () => {
      await mkdir(join(dataDir, 'uploads/.tmp'), { recursive: true });
      expect(await moveLegacyUploads(onDisk(dataDir), uploadSettings(), recordingLog(), cwd)).not.toBeNull();
      expect(await listFiles(join(dataDir, 'uploads'))).toContain(`01/23/${KEY}`);
    });

    it('stay where they are when the new place already holds files, when it is the same place, or the instance is in memory', async () => {
      await mkdir(join(dataDir, 'uploads/ff'), { recursive: true });
      await writeFile(join(dataDir, 'uploads/ff/newer'), 'x');
      const log = recordingLog();
      expect(await moveLegacyUploads(onDisk(dataDir), uploadSettings(), log, cwd)).toBeNull();
      // DATA_DIR=./data: the old default is the new place.
      expect(await moveLegacyUploads(onDisk(join(cwd, 'data')), uploadSettings(), log, cwd)).toBeNull();
      expect(await moveLegacyUploads(onDisk('memory://'), uploadSettings(), log, cwd)).toBeNull();
      expect(await listFiles(join(cwd, 'data/uploads'))).toHaveLength(2);
      expect(log.lines).toEqual([]);
    });
  });

  describe('in a booted instance', () => {
    const folder = `uploads-${process.pid}-${Date.now()}`;
    // On PostgreSQL the data directory holds only files: a scratch one keeps ./data clean.
    const scratchDataDir = join(tmpdir(), `commonplace-upload-data-${process.pid}`);
    afterAll(async () => {
      await rm(scratchDataDir, { recursive: true, force: true });
      await rm(join(tmpdir(), 'commonplace-in-memory-instance', folder), { recursive: true, force: true });
    });

    it('an upload is written under the instance’s data directory', async () => {
      const instance = await createTestInstance({
        plugins: [{ plugin: educationCommonsPlugin, settings: { uploads: { directory: folder } } }],
        ...(process.env.DATABASE_URL ? { settings: { database: { dataDir: scratchDataDir } } } : {}),
      });
      try {
        const user = await instance.signUp('uploader');
        const { payload, headers } = multipartBody([{ name: 'file', filename: 'notes.txt', data: 'fractions, week one' }]);
        const response = await instance.inject({ method: 'POST', url: '/education-commons/uploads', payload, headers: { ...headers, authorization: `Bearer ${user.token}` } });
        expect(response.statusCode).toBe(201);
        const { key } = response.json() as { key: string };
        const expected = process.env.DATABASE_URL ? join(scratchDataDir, folder) : join(tmpdir(), 'commonplace-in-memory-instance', folder);
        expect(await listFiles(expected)).toContain(`${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`);
        expect((await instance.inject(`/education-commons/uploads/${key}`)).body).toBe('fractions, week one');
      } finally {
        await instance.close();
      }
    });
  });
});
