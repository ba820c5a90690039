import type { Migration } from 'kysely';
import { accountsMigration } from './0001_accounts.js';
import { jobsMigration } from './0002_jobs.js';
import { federationMigration } from './0003_federation.js';
import { allowlistMigration } from './0004_allowlist.js';
import { searchMigration } from './0005_search.js';
import { searchTitlesMigration } from './0006_search_titles.js';
import { jobsDueByNameMigration } from './0007_jobs_due_by_name.js';
import { idempotencyKeysMigration } from './0008_idempotency_keys.js';
import { pluginSchedulesAndSecretsMigration } from './0009_plugin_schedules_and_secrets.js';
import { issuedTokensAndFollowsViewMigration } from './0010_issued_tokens_and_follows_view.js';

/** Core's own migrations, run before any plugin's. Names sort in the order they must run. */
export const coreMigrations: Record<string, Migration> = {
  '0001_accounts': accountsMigration,
  '0002_jobs': jobsMigration,
  '0003_federation': federationMigration,
  '0004_allowlist': allowlistMigration,
  '0005_search': searchMigration,
  '0006_search_titles': searchTitlesMigration,
  '0007_jobs_due_by_name': jobsDueByNameMigration,
  '0008_idempotency_keys': idempotencyKeysMigration,
  '0009_plugin_schedules_and_secrets': pluginSchedulesAndSecretsMigration,
  '0010_issued_tokens_and_follows_view': issuedTokensAndFollowsViewMigration,
};
