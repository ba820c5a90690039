import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestInstance } from '@commonplace/sdk/testing';
import { browserSuite, browserUnavailable, openIsolatedPage } from '../helpers/browser.js';

const unavailable = browserUnavailable();
const PASSWORD = 'a long and memorable passphrase';

/**
 * Core's account pages as a person uses them: sign up, log out, a wrong password, log in, edit the
 * profile, and the profile seen by anyone; then the same without JavaScript, and in Spanish. axe runs
 * on every page the JavaScript flow visits; screenshots go to SCREENSHOT_DIR.
 */
describe.skipIf(unavailable)('accounts in a browser', () => {
  const suite = browserSuite({ instance: () => createTestInstance({ name: 'Valley Commons' }) });
  const { checkPage, go } = suite;

  const accountMenu = (page: Page) => page.getByRole('navigation', { name: 'Account' });

  async function accountFlow(tag: string, options: BrowserContextOptions): Promise<void> {
    const withScripts = options.javaScriptEnabled !== false;
    const username = `ada_${tag}`;
    const { page, errors, blockedRequests, policyViolations } = await openIsolatedPage(suite.browser, suite.origin, options);
    const check = (name: string) => checkPage(page, `accounts-${tag}-${name}`, { axe: withScripts });

    const front = await page.goto(`${suite.origin}/`);
    expect(front?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Valley Commons');
    await check('front');

    // Sign up.
    await go(page, () => accountMenu(page).getByRole('link', { name: 'Sign up' }).click(), '/signup');
    await check('signup');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email address').fill(`${username}@example.org`);
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Create my account' }).click(), `/@${username}`);
    expect(await accountMenu(page).getByRole('link', { name: `@${username}` }).count()).toBe(1);

    // Log out (a POST from the header).
    await go(page, () => accountMenu(page).getByRole('button', { name: 'Log out' }).click(), '/');
    expect(await accountMenu(page).getByRole('link', { name: 'Log in' }).count()).toBe(1);

    // A wrong password: the message beside the password field, the login kept, the password not.
    await go(page, () => accountMenu(page).getByRole('link', { name: 'Log in' }).click(), /\/login/);
    await page.getByLabel('Username or email address').fill(username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const passwordError = page.locator('#logIn-password-error');
    await passwordError.waitFor();
    expect(await passwordError.innerText()).toBe('Wrong login or password.');
    expect(await page.getByLabel('Password').getAttribute('aria-describedby')).toContain('logIn-password-error');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Username or email address').inputValue()).toBe(username);
    expect(await page.getByRole('alert').innerText()).toContain('There is a problem');
    await check('login-refused');

    // Log in, and back where the person was.
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Log in' }).click(), '/');
    expect(await accountMenu(page).getByRole('link', { name: `@${username}` }).count()).toBe(1);

    // Edit the profile.
    await go(page, () => accountMenu(page).getByRole('link', { name: 'Edit profile' }).click(), '/settings/profile');
    await check('edit-profile');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('About you').fill('Writes the first programs.');
    await go(page, () => page.getByRole('button', { name: 'Save profile' }).click(), `/@${username}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Lovelace');
    await check('profile');

    // Anyone sees it, without the edit link.
    const anonymous = await openIsolatedPage(suite.browser, suite.origin, options);
    const response = await anonymous.page.goto(`${suite.origin}/@${username}`);
    expect(response?.status()).toBe(200);
    expect(await anonymous.page.getByRole('heading', { level: 1 }).innerText()).toBe('Ada Lovelace');
    expect(await anonymous.page.getByText('Writes the first programs.').count()).toBe(1);
    expect(await anonymous.page.getByRole('link', { name: 'Edit profile' }).count()).toBe(0);
    await checkPage(anonymous.page, `accounts-${tag}-profile-anonymous`, { axe: withScripts });

    expect(blockedRequests).toEqual([]);
    // A refused form answers with its status (401 for a wrong password), which Chromium logs; nothing else may.
    expect(errors.filter((error) => !/the server responded with a status of 4\d\d/.test(error))).toEqual([]);
    if (withScripts) expect(await policyViolations()).toEqual([]);
    await page.context().close();
    await anonymous.page.context().close();
  }

  it('sign up, log out, a wrong password, log in, edit the profile, seen anonymously (axe on every page)', async () => {
    await accountFlow('js', {});
  });

  it('the same flow with JavaScript disabled', async () => {
    await accountFlow('nojs', { javaScriptEnabled: false });
  });

  it('on a 360 px phone the front page fits its width', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { viewport: { width: 360, height: 740 } });
    await page.goto(`${suite.origin}/`);
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBe(0);
    await checkPage(page, 'accounts-front-phone');
    await page.context().close();
  });

  it('keyboard: the first Tab reaches the skip link, which moves focus to the page', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/login`);
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const element = (globalThis as unknown as { document: { activeElement: { textContent: string; id: string } } }).document.activeElement;
        return { textContent: element.textContent, id: element.id };
      });
    expect((await focused()).textContent).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');
    await page.context().close();
  });

  it('in dark mode the colours still pass axe (contrast included)', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { colorScheme: 'dark' });
    await page.goto(`${suite.origin}/login`);
    await page.getByLabel('Username or email address').fill('nobody');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#logIn-password-error').waitFor();
    await checkPage(page, 'accounts-dark-login-refused');
    await page.goto(`${suite.origin}/`);
    await checkPage(page, 'accounts-dark-front');
    await page.context().close();
  });

  it('in Spanish for a browser that asks for it: lang, words and refusals', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { locale: 'es-MX' });
    await page.goto(`${suite.origin}/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Iniciar sesión');
    await page.getByLabel('Nombre de usuario o correo electrónico').fill('nobody');
    await page.getByLabel('Contraseña').fill('wrong password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.locator('#logIn-password-error').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Hay un problema');
    await checkPage(page, 'accounts-es-login-refused');
    await page.context().close();
  });
});
