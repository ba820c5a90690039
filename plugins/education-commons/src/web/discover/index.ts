import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/discover.en.json' with { type: 'json' };
import es from '../messages/discover.es.json' with { type: 'json' };
import { bookmarksPage } from './bookmarks-page.js';
import { discoverPage } from './discover-page.js';
import { feedPage } from './feed-page.js';
import { frontPanels } from './front-sections.js';
import { subjectPage } from './subject-page.js';

/**
 * Finding things: discover, subject pages, the front page's sections, the viewer's feed and bookmarks.
 * Core's front page is one page for everyone (a plugin cannot take `/`), so the feed is its own page
 * (/feed, in the main menu for a signed-in person) and also opens the front page's sections for them.
 */
export const discoverWeb = {
  pages: [discoverPage, subjectPage, feedPage, bookmarksPage],
  navigation: [
    { menu: 'main', label: 'education-commons.nav.feed', href: '/feed', access: 'signed-in', order: 150 },
    { menu: 'main', label: 'education-commons.nav.discover', href: '/discover', order: 200 },
    { menu: 'account', label: 'education-commons.nav.bookmarks', href: '/bookmarks', access: 'signed-in', order: 200 },
  ],
  slots: frontPanels,
  messages: { en, es },
} satisfies WebContribution;
