import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRemoteActor, createTestInstance, deliverSigned, type RemoteActor } from '@commonplace/sdk/testing';
import { browserSuite, browserUnavailable, openIsolatedPage } from '../helpers/browser.js';

const unavailable = browserUnavailable();
const PASSWORD = 'a long and memorable passphrase';

/**
 * The admin pages as an admin uses them: in from the account menu, the overview, a refused domain
 * shown beside its field, a domain blocked and listed, an invite made and shown once, a member made
 * moderator, the reports and failed jobs; a member is refused. axe on every page visited.
 */
describe.skipIf(unavailable)('admin pages in a browser', () => {
  let reporter: RemoteActor;

  const suite = browserSuite({
    instance: async () => {
      const instance = await createTestInstance({ name: 'Valley Commons', settings: { signUp: 'invite-only', federation: { allowPrivateAddresses: true } } });
      reporter = await createRemoteActor({ username: 'watcher' });
      await instance.createUser('root', { role: 'admin', password: PASSWORD });
      await instance.createUser('mia', { password: PASSWORD });
      return instance;
    },
  });
  const { checkPage, go } = suite;
  afterAll(async () => {
    await reporter?.close();
  });

  async function logIn(page: Page, username: string): Promise<void> {
    await page.goto(`${suite.origin}/login`);
    await page.getByLabel('Username or email address').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Log in' }).click(), '/');
  }

  const adminMenu = (page: Page) => page.getByRole('navigation', { name: 'Administration' });

  it('an admin checks the instance, blocks a domain, makes an invite and a moderator', async () => {
    const { page, errors, blockedRequests } = await openIsolatedPage(suite.browser, suite.origin);
    await logIn(page, 'root');

    await go(page, () => page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Administration' }).click(), '/admin');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Administration');
    expect(await page.getByText('Ready: the database and the job queue answer.').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await checkPage(page, 'admin-overview');

    // Domains: a refusal beside its field, then a block that shows in the list.
    await go(page, () => adminMenu(page).getByRole('link', { name: 'Domains' }).click(), '/admin/domains');
    await checkPage(page, 'admin-domains');
    await page.getByLabel('Domain', { exact: true }).fill('not a domain/at all');
    await page.getByRole('button', { name: 'Block domain' }).click();
    const domainError = page.locator('#blockDomain-domain-error');
    await domainError.waitFor();
    expect(await domainError.innerText()).toContain('is not a domain name');
    expect(await page.getByLabel('Domain', { exact: true }).getAttribute('aria-describedby')).toContain('blockDomain-domain-error');
    expect(await page.getByLabel('Domain', { exact: true }).inputValue()).toBe('not a domain/at all');
    await checkPage(page, 'admin-domains-refused');

    await page.getByLabel('Domain', { exact: true }).fill('spam.example');
    await page.getByLabel('Severity').selectOption('SILENCE');
    await page.getByLabel('Reason').fill('Floods of advertising');
    await go(page, () => page.getByRole('button', { name: 'Block domain' }).click(), /\/admin\/domains\?done=blocked/);
    expect(await page.getByRole('status').innerText()).toBe('spam.example is blocked.');
    const row = page.getByRole('row', { name: /spam\.example/ });
    expect(await row.innerText()).toContain('Silence');
    expect(await row.innerText()).toContain('Floods of advertising');
    await checkPage(page, 'admin-domains-blocked');

    // Invites: the code shown once, with its sign-up link.
    await go(page, () => adminMenu(page).getByRole('link', { name: 'Invites' }).click(), '/admin/invites');
    await page.getByLabel('Sign-ups it allows').fill('3');
    await go(page, () => page.getByRole('button', { name: 'Create invite' }).click(), /\/admin\/invites\?code=/);
    const code = new URL(page.url()).searchParams.get('code')!;
    expect(await page.getByText(`/signup?invite=${code}`).count()).toBe(1);
    await checkPage(page, 'admin-invites');

    // Users: an unknown name refused beside it, then mia made moderator.
    await go(page, () => adminMenu(page).getByRole('link', { name: 'Users and roles' }).click(), '/admin/users');
    await page.getByLabel('Username', { exact: true }).fill('nobody');
    await page.getByRole('button', { name: 'Set role' }).click();
    await page.locator('#setRole-username-error').waitFor();
    await page.getByLabel('Username', { exact: true }).fill('mia');
    await page.getByLabel('Role', { exact: true }).selectOption('MODERATOR');
    await go(page, () => page.getByRole('button', { name: 'Set role' }).click(), /\/admin\/users\?done=role/);
    expect(await page.getByRole('row', { name: /@mia/ }).innerText()).toContain('Moderator');
    await checkPage(page, 'admin-users');

    // Reports: one from another instance, closed.
    const { data: who } = await suite.instance.graphql('{ actor(username: "mia") { uri } }');
    expect((await deliverSigned(suite.instance, { type: 'Flag', object: [who.actor.uri], content: 'Posts advertising' }, { from: reporter })).statusCode).toBe(202);
    await go(page, () => adminMenu(page).getByRole('link', { name: 'Reports' }).click(), '/admin/reports');
    expect(await page.getByText('Posts advertising').count()).toBe(1);
    expect(await page.getByText('About @mia@').count()).toBe(1);
    await checkPage(page, 'admin-reports');
    await go(page, () => page.getByRole('button', { name: 'Close report' }).click(), /\/admin\/reports\?done=resolved/);
    expect(await page.getByRole('status').innerText()).toBe('The report is closed.');
    expect(await page.getByText('Resolved', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Close report' }).count()).toBe(0);
    await go(page, () => adminMenu(page).getByRole('link', { name: 'Failed jobs' }).click(), '/admin/jobs');
    await checkPage(page, 'admin-jobs');

    expect(blockedRequests).toEqual([]);
    // Refused forms answer with their 4xx status, which Chromium logs; nothing else may.
    expect(errors.filter((error) => !/the server responded with a status of 4\d\d/.test(error))).toEqual([]);
    await page.context().close();
  });

  it('on a 360 px phone the admin pages fit their width', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { viewport: { width: 360, height: 740 } });
    await logIn(page, 'root');
    for (const path of ['/admin', '/admin/domains', '/admin/users', '/search?q=root']) {
      await page.goto(`${suite.origin}${path}`);
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, path).toBe(0);
    }
    await checkPage(page, 'admin-phone-search');
    await page.goto(`${suite.origin}/admin/domains`);
    await checkPage(page, 'admin-phone-domains');
    await page.context().close();
  });

  it('a member is refused the admin pages and has no way in', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin);
    await logIn(page, 'mia');
    expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
    const response = await page.goto(`${suite.origin}/admin/domains`);
    expect(response?.status()).toBe(403);
    await checkPage(page, 'admin-forbidden');
    await page.context().close();
  });
});
