import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { BootError } from '../kernel/boot-error.js';

export interface MigrationSet {
  /** "core" or a plugin id. */
  owner: string;
  migrations: Record<string, Migration>;
}

/** Each owner keeps its own history table, so plugins can be added, removed and upgraded independently. */
export function migrationTableName(owner: string): string {
  return `migrations_${owner.replaceAll('-', '_')}`;
}

/**
 * Runs each set to its latest migration, in the order given (core first, then plugins in dependency order).
 * On PostgreSQL and PGlite each set runs in one transaction, so a failing migration leaves nothing half-done;
 * the error stops boot naming the owner and the migration.
 */
export async function migrateAll(db: Kysely<any>, sets: readonly MigrationSet[]): Promise<MigrationResultSet[]> {
  const results: MigrationResultSet[] = [];
  // Kysely looks for history tables in every schema unless told which; instances sharing a
  // PostgreSQL database in schemas of their own (tests, several tenants) would see each other's.
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  for (const set of sets) {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => set.migrations },
      migrationTableName: migrationTableName(set.owner),
      migrationLockTableName: `${migrationTableName(set.owner)}_lock`,
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const result = await migrator.migrateToLatest();
    if (result.error) {
      const failed = result.results?.find((r) => r.status === 'Error');
      const detail = result.error instanceof Error ? result.error.message : String(result.error);
      throw new BootError(
        set.owner,
        `migration ${failed ? `"${failed.migrationName}" ` : ''}failed and was rolled back: ${detail}`,
        { cause: result.error },
      );
    }
    results.push(result);
  }
  return results;
}
