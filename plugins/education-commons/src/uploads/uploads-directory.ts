import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isInMemoryDataDir, pathInDataDir, type DataDirSettings, type Logger, type PluginConfig } from '@commonplace/sdk';
import type { UploadSettings } from './settings.js';

/** Where uploads went before they lived under DATA_DIR: ./data/uploads from the working directory. */
export const LEGACY_UPLOADS_DIRECTORY = './data/uploads';

/** What these helpers read of the plugin's configuration: the instance's data directory (DATA_DIR). */
export type DataDir = Pick<PluginConfig, 'dataDir'>;

/** The folder uploads are kept in: `uploads.directory`, a relative one under the instance's data directory (DATA_DIR). */
export function uploadsDirectory(config: DataDir, settings: Pick<UploadSettings, 'directory'>): string {
  return pathInDataDir(asDataDirSettings(config), settings.directory);
}

/** The sdk's data-directory helpers read the instance settings' shape. */
function asDataDirSettings(config: DataDir): DataDirSettings {
  return { database: { dataDir: config.dataDir } };
}

/**
 * Moves the files an older version wrote to ./data/uploads (from the working directory) into the
 * uploads directory, when that folder holds files, the new one holds none, and they are different
 * folders: with DATA_DIR elsewhere, a backup of DATA_DIR would otherwise miss every upload. Logs one
 * line when it moves; returns the folder it moved from, or null. An in-memory instance moves nothing.
 */
export async function moveLegacyUploads(
  config: DataDir,
  settings: Pick<UploadSettings, 'directory'>,
  log: Pick<Logger, 'warn'>,
  cwd = process.cwd(),
): Promise<string | null> {
  if (isInMemoryDataDir(asDataDirSettings(config))) return null;
  const from = resolve(cwd, LEGACY_UPLOADS_DIRECTORY);
  const to = uploadsDirectory(config, settings);
  if (from === to || (await filesIn(from)).length === 0 || (await filesIn(to)).length > 0) return null;
  await mkdir(dirname(to), { recursive: true });
  // Nothing there but, at most, an empty scratch folder (no upload is in flight before boot ends): out of rename's way.
  await rm(to, { recursive: true, force: true });
  try {
    await rename(from, to);
  } catch (error) {
    // Another disk (a volume mounted at DATA_DIR): copy, then remove the old copy.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true, force: true });
  }
  log.warn(`education-commons: moved the uploads from ${from} to ${to}, under the data directory (DATA_DIR), so a backup of it holds them`);
  return from;
}

/** What a folder holds besides the storage's scratch folder; none when it does not exist. */
async function filesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => name !== '.tmp');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
