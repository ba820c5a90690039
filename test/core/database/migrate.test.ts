import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Migration } from 'kysely';
import { migrateAll, migrationTableName } from '../../../core/src/database/migrate.js';
import { BootError } from '../../../core/src/kernel/boot-error.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../helpers/databases.js';

const createTable = (table: string): Migration => ({
  up: async (db) => {
    await db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey()).execute();
  },
});

async function tableExists(database: TestDatabase, table: string): Promise<boolean> {
  const result = await sql<{ exists: boolean }>`select to_regclass(${table}) is not null as exists`.execute(database.db);
  return result.rows[0]!.exists;
}

describe.each(testDialects())('migrations on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => database?.destroy());

  it('runs each owner’s migrations in order and records them in the owner’s own table', async () => {
    database = await openTestDatabase(dialect);
    const order: string[] = [];
    const tracked = (name: string): Migration => ({ up: async (db) => { order.push(name); await createTable(name.replace(/\W/g, '_')).up(db); } });
    const applied = await migrateAll(database.db, [
      { owner: 'core', migrations: { '0001_a': tracked('core_a'), '0002_b': tracked('core_b') } },
      { owner: 'notes', migrations: { '0001_a': tracked('notes_a') } },
    ]);
    expect(order).toEqual(['core_a', 'core_b', 'notes_a']);
    // What `commonplace migrate` prints.
    expect(applied).toEqual([{ owner: 'core', name: '0001_a' }, { owner: 'core', name: '0002_b' }, { owner: 'notes', name: '0001_a' }]);
    const notesHistory = await database.db.selectFrom(migrationTableName('notes')).select('name').execute();
    expect(notesHistory.map((r) => r.name)).toEqual(['0001_a']);
  });

  it('is idempotent: a second run applies nothing', async () => {
    database = await openTestDatabase(dialect);
    let runs = 0;
    const sets = [{ owner: 'notes', migrations: { '0001_a': { up: async () => { runs += 1; } } } }];
    expect(await migrateAll(database.db, sets)).toEqual([{ owner: 'notes', name: '0001_a' }]);
    expect(await migrateAll(database.db, sets)).toEqual([]);
    expect(runs).toBe(1);
  });

  it('rolls a failing migration back whole and stops boot naming the plugin and migration', async () => {
    database = await openTestDatabase(dialect);
    const failing: Migration = {
      up: async (db) => {
        await createTable('half_done').up(db);
        await sql`select * from a_table_that_does_not_exist`.execute(db);
      },
    };
    const attempt = migrateAll(database.db, [{ owner: 'broken-plugin', migrations: { '0001_ok': createTable('ok_table'), '0002_bad': failing } }]);
    await expect(attempt).rejects.toThrowError(BootError);
    await expect(attempt).rejects.toThrowError(/\[broken-plugin\] migration "0002_bad" failed and was rolled back/);
    // One transaction per owner: neither the failing migration's table nor the earlier one survives.
    expect(await tableExists(database, 'half_done')).toBe(false);
    expect(await tableExists(database, 'ok_table')).toBe(false);
  });
});
