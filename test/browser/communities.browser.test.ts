import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestUser } from '@commonplace/sdk/testing';
import educationCommons from '@commonplace/plugin-education-commons';
import { browserSuite, browserUnavailable, openIsolatedPage, saveScreenshot } from '../helpers/browser.js';

const unavailable = browserUnavailable();
const PASSWORD = 'a long and memorable passphrase';

/**
 * education-commons' communities as people use them: a teacher creates an approval-only community
 * (a refused icon URL shown beside its field first) and a collection in it; a second teacher asks to
 * join; the moderator approves them in the queue; the second teacher sees the community as a member;
 * discover, a subject page, the front page, the feed and bookmarks show. axe on every page; screenshots.
 */
describe.skipIf(unavailable)('education-commons communities in a browser', () => {
  const users = new Map<string, TestUser>();

  const suite = browserSuite({
    instance: () => createTestInstance({ name: 'Valley Commons', plugins: [educationCommons] }),
    screenshotPrefix: 'communities-',
  });
  const { go } = suite;

  beforeAll(async () => {
    for (const name of ['maria', 'juan']) users.set(name, await suite.instance.signUp(name, { password: PASSWORD }));
  });

  /** Every string came through the catalogues: no message key shows as itself (then axe and a screenshot). */
  async function checkPage(page: Page, name: string): Promise<void> {
    expect(await page.locator('body').innerText(), `untranslated key on ${name}`).not.toMatch(/education-commons\.[a-zA-Z]+\./);
    await suite.checkPage(page, name);
  }

  async function logIn(username: string) {
    const isolated = await openIsolatedPage(suite.browser, suite.origin);
    await isolated.page.goto(`${suite.origin}/login`);
    await isolated.page.getByLabel('Username or email address').fill(username);
    await isolated.page.getByLabel('Password').fill(PASSWORD);
    await go(isolated.page, () => isolated.page.getByRole('button', { name: 'Log in' }).click(), '/');
    return { ...isolated, user: users.get(username)! };
  }

  const accountMenu = (page: Page) => page.getByRole('navigation', { name: 'Account' });
  const communityTabs = (page: Page) => page.getByRole('navigation', { name: 'Community' });

  it('an approval-only community and a collection; a second person asks to join, is approved in the queue, and sees it as a member', async () => {
    const maria = await logIn('maria');
    const page = maria.page;

    // Create the community: a refused icon URL first, beside its field, the rest refilled.
    await go(page, () => accountMenu(page).getByRole('link', { name: 'New community' }).click(), '/communities/new');
    await checkPage(page, 'new');
    await page.getByLabel('Name').fill('Rural maths teachers');
    await page.getByLabel('What the community is about').fill('Fractions, geometry and field trips for small rural schools.');
    await page.getByLabel('Icon URL').fill('ftp://files.example.org/icon.png');
    await page.getByLabel('Who can join').selectOption('approval');
    await page.getByRole('button', { name: 'Create the community' }).click();
    const iconError = page.locator('#createCommunity-iconUrl-error');
    await iconError.waitFor();
    expect(await iconError.innerText()).toMatch(/http/i);
    expect(await page.getByLabel('Icon URL').getAttribute('aria-describedby')).toContain('createCommunity-iconUrl-error');
    expect(await page.getByLabel('Name').inputValue()).toBe('Rural maths teachers');
    expect(await page.getByLabel('Who can join').inputValue()).toBe('approval');
    await checkPage(page, 'new-refused');
    await page.getByLabel('Icon URL').fill('');
    await go(page, () => page.getByRole('button', { name: 'Create the community' }).click(), /\/c\/[^/]+$/);
    const communityPath = new URL(page.url()).pathname;
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Rural maths teachers');
    expect(await page.getByText('New members are approved by moderators').count()).toBe(1);
    expect(await page.getByText('You own this community.').count()).toBe(1);
    await checkPage(page, 'community-owner');

    // Edit it: the owner changes what it is about.
    await go(page, () => page.getByRole('link', { name: 'Edit the community' }).click(), `${communityPath}/edit`);
    expect(await page.getByLabel('Who can join').inputValue()).toBe('approval');
    await checkPage(page, 'edit');
    await page.getByLabel('What the community is about').fill('Fractions, geometry and field trips for small rural schools, in any language.');
    await go(page, () => page.getByRole('button', { name: 'Save changes' }).click(), communityPath);
    expect(await page.getByText('in any language.').count()).toBe(1);

    // A collection in it.
    await go(page, () => page.getByRole('link', { name: 'New collection' }).click(), `${communityPath}/collections/new`);
    await checkPage(page, 'new-collection');
    await page.getByLabel('Name').fill('Fractions');
    await page.getByLabel('What it gathers').fill('Paper strips, pizzas and number lines.');
    await go(page, () => page.getByRole('button', { name: 'Create the collection' }).click(), /\/collections\/[^/]+$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Fractions');
    expect(await page.getByRole('link', { name: 'Rural maths teachers' }).count()).toBe(1);
    await checkPage(page, 'collection');
    // A resource in it (added through the API here: the resource pages have their own browser test).
    const addHref = await page.getByRole('main').getByRole('link', { name: 'Add a resource' }).getAttribute('href');
    const collectionId = new URL(addHref!, suite.origin).searchParams.get('collection');
    const added = await suite.instance.graphql(
      'mutation ($input: EducationCreateResourceInput!) { createResource(input: $input) { id } }',
      { input: { collectionId, name: 'Fractions with paper strips', url: 'https://example.org/fractions', licence: 'CC-BY-4.0', subject: '0541' } },
      { as: maria.user },
    );
    expect(added.errors).toBeUndefined();

    // A second person asks to join.
    const juan = await logIn('juan');
    await juan.page.goto(`${suite.origin}${communityPath}`);
    expect(await juan.page.getByText('1 member').count()).toBe(1);
    await go(juan.page, () => juan.page.getByRole('button', { name: 'Ask to join' }).click(), `${communityPath}`);
    expect(await juan.page.getByRole('status').innerText()).toContain('You asked to join');
    expect(await juan.page.getByRole('button', { name: 'Withdraw my request' }).count()).toBe(1);
    expect(await communityTabs(juan.page).getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    await checkPage(juan.page, 'community-asked');
    // The queue is the moderators' only.
    expect((await juan.page.goto(`${suite.origin}${communityPath}/moderation`))?.status()).toBe(403);

    // The moderator approves them in the queue.
    await page.goto(`${suite.origin}${communityPath}`);
    await go(page, () => communityTabs(page).getByRole('link', { name: 'Moderation' }).click(), `${communityPath}/moderation`);
    expect(await page.getByText('@juan').count()).toBe(1);
    await checkPage(page, 'moderation-queue');
    await go(page, () => page.getByRole('button', { name: 'Approve' }).click(), `${communityPath}/moderation`);
    expect(await page.getByText('Nobody is waiting to join.').count()).toBe(1);
    await checkPage(page, 'moderation-empty');

    // The second person sees the community as a member.
    await juan.page.goto(`${suite.origin}${communityPath}`);
    expect(await juan.page.getByText('You are a member.').count()).toBe(1);
    expect(await juan.page.getByText('2 members').count()).toBe(1);
    expect(await juan.page.getByRole('link', { name: 'New collection' }).count()).toBe(1);
    expect(await juan.page.getByRole('link', { name: 'Fractions', exact: true }).count()).toBe(1);
    expect(await juan.page.getByRole('link', { name: 'Fractions with paper strips' }).count()).toBe(1);
    await checkPage(juan.page, 'community-member');

    // Reports reach the queue: a comment is deleted from there, a resource's report closed.
    const resourceId = (added.data as { createResource: { id: string } }).createResource.id;
    const said = await suite.instance.graphql('mutation ($input: EducationCommentInput!) { comment(input: $input) { id } }', { input: { targetId: resourceId, content: 'Buy cheap pills here' } }, { as: juan.user });
    const commentId = (said.data as { comment: { id: string } }).comment.id;
    const flag = 'mutation ($input: EducationFlagInput!) { flag(input: $input) { id } }';
    for (const [targetId, reason] of [[commentId, 'Spam'], [resourceId, 'The link is broken']]) {
      expect((await suite.instance.graphql(flag, { input: { targetId, reason } }, { as: maria.user })).errors).toBeUndefined();
    }
    await page.goto(`${suite.origin}${communityPath}/moderation`);
    expect(await page.getByText('Buy cheap pills here').count()).toBe(1);
    await checkPage(page, 'moderation-flags');
    await go(page, () => page.getByRole('button', { name: 'Delete the comment and close' }).click(), `${communityPath}/moderation`);
    expect(await page.getByText('Buy cheap pills here').count()).toBe(0);
    expect(await page.getByText('The link is broken').count()).toBe(1);
    await go(page, () => page.getByRole('button', { name: 'Close the report' }).click(), `${communityPath}/moderation`);
    expect(await page.getByText('No open reports.').count()).toBe(1);
    const gone = await suite.instance.graphql('query ($id: ID!) { resource(id: $id) { comments { nodes { deleted } } } }', { id: resourceId });
    expect(gone.data).toEqual({ resource: { comments: { nodes: [{ deleted: true }] } } });

    // Signed in, the front page opens with their feed.
    await juan.page.goto(`${suite.origin}/`);
    expect(await juan.page.getByRole('region', { name: 'New in your feed' }).getByRole('link', { name: 'Fractions with paper strips' }).count()).toBe(1);
    await checkPage(juan.page, 'front-signed-in');

    // Following a collection, as a form post.
    await juan.page.goto(`${suite.origin}${communityPath}`);
    await go(juan.page, () => juan.page.getByRole('link', { name: 'Fractions', exact: true }).click(), /\/collections\/[^/]+$/);
    const collectionPath = new URL(juan.page.url()).pathname;
    await go(juan.page, () => juan.page.getByRole('button', { name: 'Follow' }).click(), collectionPath);
    expect(await juan.page.getByRole('button', { name: 'Stop following' }).count()).toBe(1);

    // Their feed and bookmarks (empty, saying how to fill them).
    await go(juan.page, () => juan.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My feed' }).click(), '/feed');
    expect(await juan.page.getByRole('link', { name: 'Fractions with paper strips' }).count()).toBe(1);
    await checkPage(juan.page, 'feed');
    await go(juan.page, () => accountMenu(juan.page).getByRole('link', { name: 'Bookmarks' }).click(), '/bookmarks');
    await checkPage(juan.page, 'bookmarks');

    for (const isolated of [maria, juan]) {
      expect(isolated.blockedRequests).toEqual([]);
      // The 403 above is logged by Chromium; nothing else may be.
      expect(isolated.errors.filter((error) => !/the server responded with a status of 4\d\d/.test(error))).toEqual([]);
      expect(await isolated.policyViolations()).toEqual([]);
      await isolated.page.context().close();
    }

    // Anyone finds it on discover and the front page, and reads a subject page.
    const anonymous = await openIsolatedPage(suite.browser, suite.origin);
    await anonymous.page.goto(`${suite.origin}/`);
    expect(await anonymous.page.getByRole('link', { name: 'Rural maths teachers' }).count()).toBe(1);
    await checkPage(anonymous.page, 'front');
    await go(anonymous.page, () => anonymous.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Discover' }).click(), '/discover');
    expect(await anonymous.page.getByRole('region', { name: 'Most active communities' }).getByRole('link', { name: 'Rural maths teachers' }).count()).toBe(1);
    await checkPage(anonymous.page, 'discover');
    await go(anonymous.page, () => anonymous.page.getByRole('link', { name: 'Natural sciences, mathematics and statistics' }).click(), '/subjects/05');
    expect(await anonymous.page.getByRole('heading', { level: 1 }).innerText()).toBe('Natural sciences, mathematics and statistics');
    expect(await anonymous.page.getByRole('link', { name: 'Fractions with paper strips' }).count()).toBe(1);
    await checkPage(anonymous.page, 'subject');
    await anonymous.page.goto(`${suite.origin}${communityPath}`);
    expect(await anonymous.page.getByRole('link', { name: 'Log in to join or follow' }).count()).toBe(1);
    await checkPage(anonymous.page, 'community-anonymous');
    expect((await anonymous.page.goto(`${suite.origin}/c/nobody_here`))?.status()).toBe(404);
    await anonymous.page.context().close();
  });

  it('in Spanish: discover and a community page', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { locale: 'es-MX' });
    await page.goto(`${suite.origin}/discover`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Descubrir');
    expect(await page.getByRole('heading', { name: 'Comunidades más activas' }).count()).toBe(1);
    await go(page, () => page.getByRole('region', { name: 'Comunidades más activas' }).getByRole('link', { name: 'Rural maths teachers' }).click(), /\/c\/[^/]+$/);
    expect(await page.getByText('Las personas moderadoras aprueban a los nuevos miembros').count()).toBe(1);
    await checkPage(page, 'es-community');
    await page.context().close();
  });

  it('on a 360 px phone, without JavaScript, discover and a community page fit their width', async () => {
    const { page } = await openIsolatedPage(suite.browser, suite.origin, { viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await page.goto(`${suite.origin}/discover`);
    const overflow = () =>
      page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
    expect(await overflow()).toBe(0);
    await go(page, () => page.getByRole('region', { name: 'Most active communities' }).getByRole('link', { name: 'Rural maths teachers' }).click(), /\/c\/[^/]+$/);
    expect(await overflow()).toBe(0);
    await saveScreenshot(page, 'communities-phone-community');
    await page.context().close();
  });
});
