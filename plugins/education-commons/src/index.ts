/**
 * education-commons: MoodleNet's commons rebuilt as a Commonplace plugin, and the example a plugin
 * author reads first. One folder per concept:
 *
 *   vocabularies/  licences (SPDX), languages (BCP 47), levels (ISCED 2011), subjects (ISCED-F 2013),
 *                  learning resource types (LRMI): small data modules with their sources
 *   communities/   communities as Group actors, memberships and roles (owner, moderator, member)
 *   collections/   curated sets of resources, each a followable Group actor
 *   resources/     links and files with validated metadata; edit, delete (Tombstone), copy with lineage
 *   social/        likes, bookmarks, comment threads, flags
 *   discover/      discover (featured, newest, most liked, active), feeds, subjects as followable topics
 *   federation/    our objects as ActivityStreams (Page, Document, Note) in our JSON-LD context, what
 *                  peers send us, and the URLs that serve our objects
 *   search/        communities, collections and resources as search documents with facets
 *   migrations/    the tables, prefixed education_commons_
 *
 * It imports only @commonplace/sdk (and type-graphql). See docs/plugins/education-commons.md.
 */
import { definePlugin } from '@commonplace/sdk';
import { CollectionResolver } from './collections/resolver.js';
import { CommunityResolver } from './communities/resolver.js';
import { DiscoverResolver } from './discover/resolver.js';
import { commentObjectHandler, resourceObjectHandler } from './federation/inbound.js';
import { flagObjectHandler } from './federation/inbound-flags.js';
import { commentObjectUrls, resourceObjectUrls } from './federation/object-urls.js';
import { federationRoutes } from './federation/routes.js';
import { migrations } from './migrations/index.js';
import { ResourceResolver } from './resources/resolver.js';
import { purgeUnattachedUploads } from './resources/unattached-uploads.js';
import { resourceUploadRoutes } from './resources/uploads.js';
import { moveLegacyUploads } from './uploads/index.js';
import { searchDocumentTypes } from './search/documents.js';
import { seedDemo } from './seed-demo.js';
import { services, type EducationCommonsServices } from './services.js';
import { PLUGIN_ID, settingsSchema } from './settings.js';
import { SocialResolver } from './social/resolver.js';
import { checkLicence } from './vocabularies/index.js';
import { educationCommonsWeb } from './web/index.js';
import { pageQueryResolvers } from './web/page-queries.js';

export { settingsSchema, type EducationCommonsSettings } from './settings.js';
export type { EducationCommonsServices } from './services.js';
export * as vocabularies from './vocabularies/index.js';

export const educationCommonsPlugin = definePlugin<EducationCommonsServices>({
  id: PLUGIN_ID,
  version: '0.1.0',
  description: 'Federated communities, collections and open educational resources.',
  settings: settingsSchema,
  migrations,
  graphql: { resolvers: [CommunityResolver, CollectionResolver, ResourceResolver, SocialResolver, DiscoverResolver, ...pageQueryResolvers], names: ['Education*'] },
  // Each handler: what peers send about these objects (inbound.ts), and the URLs that serve them (object-urls.ts).
  federation: {
    objects: [{ ...resourceObjectHandler, ...resourceObjectUrls }, { ...commentObjectHandler, ...commentObjectUrls }, flagObjectHandler],
  },
  search: { documents: searchDocumentTypes() },
  jobs: {
    'purge-unattached-uploads': { handler: async (_payload, { services }) => void (await purgeUnattachedUploads(services)) },
  },
  schedules: [{ job: 'purge-unattached-uploads', everyMs: 60 * 60_000 }],
  services,
  routes: async (app, context) => {
    await federationRoutes(app);
    await resourceUploadRoutes(app, context);
  },
  onBoot: async (services, { settings }) => {
    // A default licence that is not an SPDX id would make every resource without one fail: stop at boot instead.
    if (settings.defaultLicence) checkLicence(settings.defaultLicence, 'defaultLicence');
    await moveLegacyUploads(services.config, settings.uploads, services.log);
  },
  seedDemo,
  web: educationCommonsWeb,
});

export default educationCommonsPlugin;
