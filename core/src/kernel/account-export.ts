import { NotFoundError, isUuid, type AccountDataExport, type AccountDataSubject, type Logger } from '@commonplace/sdk/internal';
import type { AccountsDb } from '../accounts/tables.js';
import type { PluginViews } from './plugin-view.js';
import type { EnabledPlugin } from './resolve-plugins.js';

/** A plugin's part of the archive: its export, or why there is none (the other parts are still there). */
export type AccountDataPart = AccountDataExport | { error: string };

/** Every enabled plugin's export of one account's data, by plugin id (only plugins with the hook). */
export type AccountDataArchive = Record<string, AccountDataPart>;

/** What the person sees for a plugin whose export failed; the cause goes to the log, not the archive. */
export const EXPORT_FAILED = 'This plugin could not export its data; the instance log has the cause.';

export interface AccountExportDeps {
  db: AccountsDb;
  plugins: readonly EnabledPlugin[];
  views: PluginViews;
  log: Logger;
}

/**
 * Asks each enabled plugin with `accountData.export` for the account's data, through the plugin's own
 * view, one plugin after another (in boot order, so the archive reads the same each time). A plugin
 * that throws is reported in its place rather than failing the archive: a person leaving should get
 * what could be exported. A deleted account is still exported (an archive may be made on the way out).
 */
export async function exportAccountData(deps: AccountExportDeps, accountId: string): Promise<AccountDataArchive> {
  const subject = await subjectOf(deps.db, accountId);
  const archive: AccountDataArchive = {};
  for (const { plugin } of deps.plugins) {
    if (!plugin.accountData) continue;
    try {
      archive[plugin.id] = await plugin.accountData.export(subject, deps.views.of(plugin.id));
    } catch (error) {
      deps.log.error({ err: error, plugin: plugin.id, accountId }, 'account data export failed for a plugin');
      archive[plugin.id] = { error: EXPORT_FAILED };
    }
  }
  return archive;
}

/** The account and its person actor, or NotFound. */
async function subjectOf(db: AccountsDb, accountId: string): Promise<AccountDataSubject> {
  const person = isUuid(accountId)
    ? await db.selectFrom('core_actors').select(['id', 'uri']).where('account_id', '=', accountId).where('type', '=', 'Person').executeTakeFirst()
    : undefined;
  if (!person) throw new NotFoundError('No account has that id.');
  return { accountId, actorId: person.id, actorUri: person.uri };
}
