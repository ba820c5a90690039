import type { WebContribution } from '@commonplace/sdk/web';
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
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
  pages: [frontPage, logInPage, signUpPage, logOutPage, profilePage, editProfilePage, deleteAccountPage],
  navigation: [
    { menu: 'main', label: 'core.nav.home', href: '/', order: 100 },
    { menu: 'account', label: 'core.nav.editProfile', href: '/settings/profile', access: 'signed-in', order: 100 },
  ],
  messages: { en, es },
};
