import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { InstanceSettings } from './instance.js';

/** What the data-directory helpers read of the instance's settings (`services.config.instance`). */
export interface DataDirSettings {
  database: Pick<InstanceSettings['database'], 'dataDir'>;
}

/** Whether the instance keeps no data on disk (DATA_DIR=memory://, as tests use). */
export function isInMemoryDataDir(instance: DataDirSettings): boolean {
  return instance.database.dataDir.startsWith('memory://');
}

/**
 * Where a plugin keeps files of its own: a relative path resolves against the instance's data
 * directory (DATA_DIR, `services.config.instance`), so one backup of that folder holds them; an
 * absolute path stays as it is. An in-memory instance has no data directory: its files go to a
 * folder under the system's temporary directory.
 */
export function pathInDataDir(instance: DataDirSettings, path: string): string {
  if (isAbsolute(path)) return path;
  const base = isInMemoryDataDir(instance) ? join(tmpdir(), 'commonplace-in-memory-instance') : instance.database.dataDir;
  return resolve(base, path);
}
