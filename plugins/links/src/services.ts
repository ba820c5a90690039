import type { PluginServices } from '@commonplace/sdk';
import type { LinkService } from './link-service.js';
import type { LinksSettings } from './settings.js';
import type { LinksTables } from './tables.js';

/** What every part of the plugin is given: core's ports typed with its tables and settings, and its own service. */
export type LinksServices = PluginServices<LinksTables, LinksSettings> & { links: LinkService };
