import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/collections.en.json' with { type: 'json' };
import es from '../messages/collections.es.json' with { type: 'json' };
import { collectionPage } from './collection-page.js';
import { newCollectionPage } from './new-collection.js';

/** Collection pages: make one in a community, and a collection's page (its resources, follow). */
export const collectionsWeb = {
  pages: [newCollectionPage, collectionPage],
  messages: { en, es },
} satisfies WebContribution;
