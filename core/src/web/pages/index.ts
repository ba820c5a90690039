import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
import adminEn from '../messages/admin.en.json' with { type: 'json' };
import adminEs from '../messages/admin.es.json' with { type: 'json' };
import searchEn from '../messages/search.en.json' with { type: 'json' };
import searchEs from '../messages/search.es.json' with { type: 'json' };
import { adminNavigation, adminPages } from './admin/index.js';
import { searchPage } from './search.js';
import { deleteAccountPage } from './delete-account.js';
import { editProfilePage } from './edit-profile.js';
import { frontPage } from './front.js';
import { logInPage } from './login.js';
import { logOutPage } from './logout.js';
import { profilePage } from './profile.js';
import { signUpPage } from './signup.js';

/**
 * Core's own pages, made with the same contract as a plugin's (owner `core`): the front page, the
 * account pages and a person's profile. Changing the password waits for a changePassword mutation.
 */
export const coreWeb: WebContribution = {
  pages: [frontPage, logInPage, signUpPage, logOutPage, profilePage, editProfilePage, deleteAccountPage, searchPage, ...adminPages],
  navigation: [
    { menu: 'main', label: 'core.nav.home', href: '/', order: 100 },
    { menu: 'account', label: 'core.nav.editProfile', href: '/settings/profile', access: 'signed-in', order: 100 },
    ...adminNavigation,
  ],
  messages: { en: { ...en, ...searchEn, ...adminEn }, es: { ...es, ...searchEs, ...adminEs } },
};
