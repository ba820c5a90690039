import type { WebContribution } from '@commonplace/sdk/web';
import en from './messages/links.en.json' with { type: 'json' };
import es from './messages/links.es.json' with { type: 'json' };
import { linksPage } from './links-page.js';
import { profileLinksPanel } from './profile-links.js';

/** links in the browser: its page, its entry in the main menu (for people signed in) and a panel on profiles. */
export const linksWeb = {
  pages: [linksPage],
  navigation: [{ menu: 'main', label: 'links.nav', href: '/links', access: 'signed-in', order: 500 }],
  slots: [profileLinksPanel],
  messages: { en, es },
} satisfies WebContribution;
