import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { BootError } from '../kernel/boot-error.js';

export interface MigrationSet {
  /** "core" or a plugin id. */
  owner: string;
  migrations: Record<string, Migration>;
}

/** A migration this run applied: `migrate` prints them. */
export interface AppliedMigration {
  owner: string;
  name: string;
}

/** Each owner keeps its own history table, so plugins can be added, removed and upgraded independently. */
export function migrationTableName(owner: string): string {
  return `migrations_${owner.replaceAll('-', '_')}`;
}

/**
 * Runs each set to its latest migration, in the order given (core first, then plugins in dependency order).
 * On PostgreSQL and PGlite each set runs in one transaction, so a failing migration leaves nothing half-done;
 * the error stops boot naming the owner and the migration. Returns the migrations it applied, in order.
 */
export async function migrateAll(db: Kysely<any>, sets: readonly MigrationSet[]): Promise<AppliedMigration[]> {
  const applied: AppliedMigration[] = [];
  // Kysely looks for history tables in every schema unless told which; instances sharing a
  // PostgreSQL database in schemas of their own (tests, several tenants) would see each other's.
  const schema = (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  if (schema && (await everythingApplied(db, schema, sets))) return applied;
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
    for (const migration of result.results ?? []) {
      if (migration.status === 'Success') applied.push({ owner: set.owner, name: migration.migrationName });
    }
  }
  return applied;
}

/**
 * True when every owner's history table exists and holds exactly its migrations: the usual
 * restart. Two queries then replace Kysely's Migrator, which introspects the whole catalog twice
 * per owner before finding nothing to do (about a second for three owners on PGlite). Anything
 * else (a table missing, a migration pending or unknown) goes through the Migrator, its lock and
 * its checks.
 */
async function everythingApplied(db: Kysely<any>, schema: string, sets: readonly MigrationSet[]): Promise<boolean> {
  if (sets.length === 0) return true;
  const tables = sets.map((set) => migrationTableName(set.owner));
  const existing = await sql<{ name: string }>`
    select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relname in (${sql.join(tables)})`.execute(db);
  if (existing.rows.length !== tables.length) return false;
  const history = sql.join(
    sets.map((set) => sql`select ${set.owner}::text as owner, name from ${sql.id(schema, migrationTableName(set.owner))}`),
    sql` union all `,
  );
  const applied = await sql<{ owner: string; name: string }>`${history}`.execute(db);
  return sets.every((set) => {
    const names = applied.rows.filter((row) => row.owner === set.owner).map((row) => row.name).sort();
    const expected = Object.keys(set.migrations).sort();
    return names.length === expected.length && names.every((name, i) => name === expected[i]);
  });
}
