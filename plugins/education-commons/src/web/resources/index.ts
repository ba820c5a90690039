import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/resources.en.json' with { type: 'json' };
import es from '../messages/resources.es.json' with { type: 'json' };
import { addResourcePage } from './add-resource-page.js';
import { editResourcePage } from './edit-resource-page.js';
import { resourcePage } from './resource-page.js';

/**
 * The resource pages of education-commons: a resource at its ActivityPub id (the object route hands
 * browsers this page), adding one by link, editing and deleting it.
 */
export const resourcesWeb = {
  pages: [resourcePage, addResourcePage, editResourcePage],
  navigation: [{ menu: 'account', label: 'education-commons.nav.addResource', href: '/education-commons/resources/new', access: 'signed-in', order: 300 }],
  messages: { en, es },
  // The like button likes without a reload (resource-page.tsx renders it; core's build bundles this entry).
  islands: { like: new URL('./like-island.client.tsx', import.meta.url) },
} satisfies WebContribution;
