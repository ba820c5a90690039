import type { InstanceDefinition, InstanceSettings } from '@commonplace/sdk/internal';
import { connectDatabase } from '../database/connect.js';
import { migrateAll, type AppliedMigration } from '../database/migrate.js';
import { coreMigrations } from '../database/migrations/index.js';
import type { EmbeddedCompiler } from '../database/wasm-compiler.js';
import { resolvePlugins } from '../kernel/resolve-plugins.js';

/**
 * `commonplace migrate`: core's migrations and each enabled plugin's, in boot order, without booting
 * the rest of the instance (no HTTP, no jobs, no search). Returns what it applied.
 */
export async function migrateInstance(
  definition: InstanceDefinition,
  settings: InstanceSettings,
  embeddedCompiler?: EmbeddedCompiler,
): Promise<AppliedMigration[]> {
  const plugins = await resolvePlugins(definition.plugins);
  const database = await connectDatabase({
    ...(settings.database.url ? { url: settings.database.url } : {}),
    dataDir: settings.database.dataDir,
    poolSize: 1,
    embeddedSharedBuffersMb: settings.database.embeddedSharedBuffersMb,
    ...(embeddedCompiler ? { embeddedCompiler } : {}),
  });
  try {
    return await migrateAll(database.db, [
      { owner: 'core', migrations: coreMigrations },
      ...plugins.map(({ plugin }) => ({ owner: plugin.id, migrations: plugin.migrations ?? {} })),
    ]);
  } finally {
    await database.close();
  }
}

/** The lines `migrate` prints. */
export function describeMigrations(applied: readonly AppliedMigration[]): string[] {
  if (applied.length === 0) return ['Migrations are up to date.'];
  return [...applied.map(({ owner, name }) => `${owner}: ${name}`), `Ran ${applied.length} migration${applied.length === 1 ? '' : 's'}.`];
}
