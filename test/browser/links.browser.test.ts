import { beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance } from '@commonplace/sdk/testing';
import { linksPlugin } from '@commonplace/plugin-links';
import { browserSuite, browserUnavailable, openIsolatedPage } from '../helpers/browser.js';

const unavailable = browserUnavailable();
const PASSWORD = 'a long and memorable passphrase';

/**
 * The worked example of docs/writing-a-plugin.md ("Pages, menus and slots") in a real browser: a
 * person opens Links from the main menu, is refused a link that is not a URL (beside its field, the
 * form refilled), saves one, and finds it on her profile, where the plugin's panel lists it for an
 * anonymous visitor too. axe on every page; screenshots to SCREENSHOT_DIR.
 */
describe.skipIf(unavailable)('links in a browser', () => {
  const suite = browserSuite({
    instance: () => createTestInstance({ name: 'Reading Group', plugins: [{ plugin: linksPlugin, settings: {} }] }),
    screenshotPrefix: 'links-',
  });
  const { checkPage, go } = suite;

  beforeAll(async () => {
    await suite.instance.createUser('ada', { password: PASSWORD });
  });

  it('saves a link through the form and shows it on the profile panel', async () => {
    const { page, errors, blockedRequests, policyViolations } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/login`);
    await page.getByLabel('Username or email address').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Log in' }).click(), '/');

    // The plugin's main-menu entry.
    await go(page, () => page.getByRole('navigation').getByRole('link', { name: 'Links', exact: true }).first().click(), '/links');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your links');
    expect(await page.getByText('You have not saved a link yet.').count()).toBe(1);
    await checkPage(page, 'empty');

    // A refusal of the API (input.url) shows beside the URL field, the title kept.
    await page.getByLabel('Address (URL)').fill('ftp://example.org/notes');
    await page.getByLabel('Title').fill('Notes on Babbage');
    await page.getByRole('button', { name: 'Save the link' }).click();
    const urlError = page.locator('#saveLink-url-error');
    await urlError.waitFor();
    expect(await urlError.innerText()).toContain('http or https');
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Title').inputValue()).toBe('Notes on Babbage');
    await checkPage(page, 'refused');

    // Saved: POST, then redirect back to the list.
    await page.getByLabel('Address (URL)').fill('https://www.fourmilab.ch/babbage/sketch.html');
    await page.getByLabel('Note').fill('Menabrea’s sketch, with the notes.');
    await go(page, () => page.getByRole('button', { name: 'Save the link' }).click(), '/links');
    const saved = page.getByRole('region', { name: 'Saved' });
    expect(await saved.getByRole('link', { name: 'Notes on Babbage' }).getAttribute('href')).toBe('https://www.fourmilab.ch/babbage/sketch.html');
    expect(await saved.innerText()).toContain('Menabrea’s sketch, with the notes.');
    await checkPage(page, 'saved');

    // Her profile: core's page, the plugin's panel in its profile.panels slot.
    await page.goto(`${suite.origin}/@ada`);
    const panel = page.getByRole('region', { name: 'Links' });
    expect(await panel.getByRole('link', { name: 'Notes on Babbage' }).count()).toBe(1);
    await checkPage(page, 'profile');

    // The refused post answered 400 (the page re-rendered with the errors), which Chromium logs; nothing else failed.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    expect(blockedRequests).toEqual([]);
    expect(await policyViolations()).toEqual([]);
  });

  it('shows the profile panel to an anonymous visitor, in Spanish, and no menu entry', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { locale: 'es' });
    await page.goto(`${suite.origin}/@ada`);
    const panel = page.getByRole('region', { name: 'Enlaces' });
    expect(await panel.getByRole('link', { name: 'Notes on Babbage' }).count()).toBe(1);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Enlaces' }).count()).toBe(0);
    await checkPage(page, 'profile-es');
  });
});
