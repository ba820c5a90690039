import { sql } from 'kysely';
import { migrateAll } from '../../../core/src/database/migrate.js';
import { coreMigrations } from '../../../core/src/database/migrations/index.js';
import { PostgresSearchBackend } from '../../../core/src/search/postgres/postgres-backend.js';
import { openTestDatabase, testDialects } from '../../helpers/databases.js';
import { backendContract } from './backend-contract.js';

const options = { maxFacetValues: 20, typoMinWordLength: 4, typoSimilarity: 0.45 };

for (const dialect of testDialects()) {
  backendContract(`PostgreSQL full text on ${dialect}`, async () => {
    const database = await openTestDatabase(dialect);
    await migrateAll(database.db, [{ owner: 'core', migrations: coreMigrations }]);
    return {
      backend: new PostgresSearchBackend(database.db, options),
      clear: async () => {
        await sql`delete from core_search_documents`.execute(database.db);
        await sql`update core_search_generations set live = 1, building = null`.execute(database.db);
      },
      close: () => database.destroy(),
    };
  });
}
