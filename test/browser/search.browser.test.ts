import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRemoteActor, createTestInstance, type RemoteActor } from '@commonplace/sdk/testing';
import educationCommons, { type EducationCommonsServices } from '@commonplace/plugin-education-commons';
import { browserSuite, browserUnavailable, openIsolatedPage } from '../helpers/browser.js';

const unavailable = browserUnavailable();

/**
 * Search as a person uses it: words typed in the header's search box, then narrowed by a facet the
 * resources declare (level), then by type; a handle that does not resolve says so. The demo data of
 * education-commons (a community, a collection, two resources about Python). axe on every page.
 */
describe.skipIf(unavailable)('search in a browser', () => {
  let remote: RemoteActor;

  const suite = browserSuite({
    instance: async () => {
      remote = await createRemoteActor({ username: 'grace', name: 'Grace Hopper', document: { summary: '<p>Teaches compilers.</p>' } });
      const instance = await createTestInstance({ name: 'Valley Commons', plugins: [educationCommons], settings: { federation: { allowPrivateAddresses: true } } });
      await instance.createUser('admin', { role: 'admin' });
      const view = instance.viewOf<EducationCommonsServices>(educationCommons.id);
      await educationCommons.seedDemo!(view, instance.pluginContext<EducationCommonsServices>(educationCommons.id));
      await instance.drainJobs();
      return instance;
    },
  });
  const { checkPage } = suite;
  afterAll(async () => {
    await remote?.close();
  });

  const results = (page: Page) => page.getByRole('list', { name: 'Results' });

  it('finds resources by text from the header, then by facet and by type', async () => {
    const { page, errors, blockedRequests } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/`);
    await page.getByRole('search').getByLabel('Search').fill('python');
    await Promise.all([page.waitForURL(`${suite.origin}/search?q=python`), page.getByRole('search').getByRole('button', { name: 'Search' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Search: python');
    await results(page).waitFor();
    const found = await results(page).getByRole('heading').allInnerTexts();
    expect(found).toEqual(expect.arrayContaining(['Think Python, 2nd edition', 'Python tutorial']));
    expect(await page.getByRole('status').innerText()).toMatch(/^\d+ results$/);
    await checkPage(page, 'search-text');

    // The level facet, with its counts, narrows to one resource.
    const level = page.getByLabel('Level');
    const options = await level.locator('option').allInnerTexts();
    expect(options).toEqual(expect.arrayContaining(['3 (1)', '4 (1)']));
    await level.selectOption('3');
    await Promise.all([page.waitForURL(/f_level=3/), page.getByRole('form', { name: 'Search and filters' }).getByRole('button', { name: 'Search' }).click()]);
    expect(await results(page).getByRole('heading').allInnerTexts()).toEqual(['Think Python, 2nd edition']);
    expect(await page.getByLabel('Level').inputValue()).toBe('3');
    await checkPage(page, 'search-facet');

    // Collections only: choosing a type starts its filters afresh (level is not a collection's).
    await Promise.all([page.waitForURL(`${suite.origin}/search?q=python&in=education-commons.collection`), page.getByRole('navigation', { name: 'Type' }).getByRole('link', { name: 'Collection' }).click()]);
    expect(await page.getByRole('navigation', { name: 'Type' }).getByRole('link', { name: 'Collection' }).getAttribute('aria-current')).toBe('page');
    const collections = await results(page).getByRole('heading').allInnerTexts();
    expect(collections).toEqual(['Python for beginners']);
    expect(await results(page).getByText('Collection', { exact: true }).count()).toBe(1);

    expect(blockedRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an actor URL typed in the search box opens the remote person, marked with their host', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/`);
    // The fake remote server answers no WebFinger, so its actor's URL is typed (a handle takes the same path after WebFinger).
    await page.getByRole('search').getByLabel('Search').fill(remote.id);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('search').getByRole('button', { name: 'Search' }).click()]);
    const host = new URL(remote.origin).host;
    expect(await page.getByText(`Found on ${host}`).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2, name: 'Grace Hopper' }).count()).toBe(1);
    expect(await page.getByText('Teaches compilers.').count()).toBe(1);
    expect(await page.getByRole('link', { name: `Open on ${host}` }).getAttribute('href')).toBe(remote.id);
    await checkPage(page, 'search-lookup-found');

    // Signed in, the person can be followed from there: a remote actor accepts later.
    await suite.instance.createUser('ada', { password: 'a long and memorable passphrase' });
    await page.goto(`${suite.origin}/login?next=${encodeURIComponent(`/search?q=${encodeURIComponent(remote.id)}`)}`);
    await page.getByLabel('Username or email address').fill('ada');
    await page.getByLabel('Password').fill('a long and memorable passphrase');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: 'Log in' }).click()]);
    await Promise.all([page.waitForURL(/followed=PENDING/), page.getByRole('button', { name: 'Follow' }).click()]);
    expect(await page.getByRole('status').filter({ hasText: 'Follow requested' }).count()).toBe(1);
    await checkPage(page, 'search-lookup-followed');
    await page.context().close();
  });

  it('a handle that does not resolve is answered honestly', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/search?q=${encodeURIComponent('@nobody@unknown-host.invalid')}`);
    expect(await page.getByRole('heading', { name: '@nobody@unknown-host.invalid could not be opened' }).count()).toBe(1);
    await checkPage(page, 'search-lookup-not-found');
    await page.context().close();
  });

  it('in Spanish, in dark mode (axe checks the contrast)', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { locale: 'es-ES', colorScheme: 'dark' });
    await page.goto(`${suite.origin}/search?q=python&f_level=4`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Búsqueda: python');
    expect(await page.getByRole('list', { name: 'Resultados' }).getByRole('heading').allInnerTexts()).toEqual(['Python tutorial']);
    await checkPage(page, 'search-es');
    await page.context().close();
  });
});
