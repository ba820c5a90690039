import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/communities.en.json' with { type: 'json' };
import es from '../messages/communities.es.json' with { type: 'json' };
import { communityPage } from './community-page.js';
import { editCommunityPage } from './edit-community.js';
import { moderationPage } from './moderation-page.js';
import { newCommunityPage } from './new-community.js';

/**
 * Community pages: make and edit one, its page (join, leave, follow), the moderators' queue. The
 * community's tabs are the `community` menu: ours here, a later plugin's beside them.
 */
export const communitiesWeb = {
  pages: [newCommunityPage, communityPage, editCommunityPage, moderationPage],
  navigation: [
    { menu: 'community', label: 'education-commons.community.tab.about', href: '/c/:username', order: 100 },
    { menu: 'community', label: 'education-commons.community.tab.moderation', href: '/c/:username/moderation', access: 'signed-in', order: 900 },
    { menu: 'account', label: 'education-commons.nav.newCommunity', href: '/communities/new', access: 'signed-in', order: 250 },
  ],
  messages: { en, es },
} satisfies WebContribution;
