import { asClass, definePlugin } from '@commonplace/sdk';
import { exportLinks } from './account-data.js';
import { pageHandler } from './federation.js';
import { LinksResolver } from './graphql.js';
import { LinkService } from './link-service.js';
import { linksMigrations } from './migrations.js';
import { linkSearchDocument } from './search.js';
import type { LinksServices } from './services.js';
import { linksSettings } from './settings.js';
import { linksWeb } from './web/index.js';

/** Links people save (a URL, a title and a note), federated as ActivityPub Pages to their followers, and searchable. */
export const linksPlugin = definePlugin<LinksServices>({
  id: 'links',
  version: '0.1.0',
  description: 'Links people save and share with their followers.',
  settings: linksSettings,
  migrations: linksMigrations,
  services: { links: asClass(LinkService).scoped() },
  graphql: { resolvers: [LinksResolver] },
  federation: { objects: [pageHandler] },
  search: { documents: [linkSearchDocument] },
  web: linksWeb,
  accountData: { export: exportLinks },
});

export default linksPlugin;
export type { LinksServices } from './services.js';
export type { LinksSettings } from './settings.js';
