import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type TestUser } from '@commonplace/sdk/testing';
import educationCommons from '@commonplace/plugin-education-commons';
import { browserSuite, browserUnavailable, openIsolatedPage } from '../helpers/browser.js';

const unavailable = browserUnavailable();
const PASSWORD = 'a long and memorable passphrase';

/**
 * education-commons' resource pages as people use them: a teacher adds a resource by link (a refused
 * link shown beside its field first), sees its page, comments, replies in the thread, likes and
 * bookmarks it, adds a remix derived from it (lineage on both pages); someone not logged in reads it
 * all at the same URL that gives servers its ActivityPub document. axe on every page; screenshots.
 */
describe.skipIf(unavailable)('education-commons resources in a browser', () => {
  let ada: TestUser;
  let collectionId: string;

  const suite = browserSuite({ instance: () => createTestInstance({ name: 'Valley Commons', plugins: [educationCommons] }), screenshotPrefix: 'resources-' });

  beforeAll(async () => {
    ada = await suite.instance.signUp('ada', { password: PASSWORD });
    const made = await suite.instance.graphql<{ createCollection: { id: string } }>(
      'mutation ($input: EducationCreateCollectionInput!) { createCollection(input: $input) { id } }',
      { input: { name: 'Fractions, step by step' } },
      { as: ada },
    );
    expect(made.errors).toBeUndefined();
    collectionId = made.data!.createCollection.id;
  }, 120_000);
  const { checkPage, go } = suite;

  it('adds a resource by link, comments, replies, likes and bookmarks it; anyone reads it at its ActivityPub id', async () => {
    const { page, errors, blockedRequests, policyViolations } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/login`);
    await page.getByLabel('Username or email address').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Log in' }).click(), '/');

    // The form: the collection chosen by the link, the licence list saying what each allows.
    await page.goto(`${suite.origin}/education-commons/resources/new?collection=${collectionId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Add a resource');
    expect(await page.getByLabel('Collection').inputValue()).toBe(collectionId);
    expect(await page.getByLabel('Licence').locator('option[value="CC-BY-NC-4.0"]').innerText()).toContain('but not for commercial purposes');
    await checkPage(page, 'add');

    // A link the API refuses: the reason beside the link, the rest refilled.
    await page.getByLabel('Title').fill('Fractions with paper strips');
    await page.getByLabel('Link', { exact: true }).fill('ftp://files.example.org/fractions.pdf');
    await page.getByRole('button', { name: 'Add the resource' }).click();
    const urlError = page.locator('#create-url-error');
    await urlError.waitFor();
    expect(await urlError.innerText()).toContain('http or https');
    expect(await page.getByLabel('Link', { exact: true }).getAttribute('aria-describedby')).toContain('create-url-error');
    expect(await page.getByLabel('Title').inputValue()).toBe('Fractions with paper strips');
    await checkPage(page, 'add-refused');

    await page.getByLabel('Link', { exact: true }).fill('https://oer.example.org/fractions-strips');
    await page.getByLabel('Description').fill('Folding paper strips to compare halves, thirds and quarters.');
    await page.getByLabel('Licence').selectOption('CC-BY-SA-4.0');
    await page.getByLabel('Language').selectOption('es');
    await page.getByLabel('Level').selectOption('1');
    await page.getByLabel('Subject').selectOption('054');
    await page.getByLabel('Type').selectOption('lessonPlan');
    await page.getByLabel('Learning outcomes').fill('Compare two fractions with a drawing\nPlace a fraction on a number line');
    await go(page, () => page.getByRole('button', { name: 'Add the resource' }).click(), /\/education-commons\/resources\/[0-9a-f-]{36}$/);
    const resourceUrl = page.url();
    const resourcePathname = new URL(resourceUrl).pathname;
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Fractions with paper strips');
    const main = page.locator('main');
    expect(await main.innerText()).toContain('must share their adaptations under the same licence');
    expect(await main.innerText()).toContain('Spanish');
    expect(await main.innerText()).toContain('Primary education');
    expect(await main.innerText()).toContain('Lesson plan');
    expect(await main.getByRole('listitem').filter({ hasText: 'Place a fraction on a number line' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open the resource' }).getAttribute('href')).toBe('https://oer.example.org/fractions-strips');
    // Its ActivityPub id (on the instance's PUBLIC_URL) is this page's path.
    const activityPubId = await page.locator('link[rel="alternate"][type="application/activity+json"]').getAttribute('href');
    expect(new URL(activityPubId!).pathname).toBe(resourcePathname);
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('Fractions with paper strips');

    // Comment, then reply to the comment in its thread.
    await page.getByLabel('Add a comment').fill('We tried this with year 4: it works.');
    await go(page, () => page.getByRole('button', { name: 'Post the comment' }).click(), /#comment-/);
    expect(await page.getByRole('heading', { name: '1 comment' }).count()).toBe(1);
    await page.getByText('Reply', { exact: true }).click();
    await page.getByLabel(/Your reply to ada@/).fill('Thirds were the hardest part.');
    await go(page, () => page.getByRole('button', { name: 'Send the reply' }).click(), /#comment-/);
    const reply = page.locator('.comment-list--replies .comment').filter({ hasText: 'Thirds were the hardest part.' });
    expect(await reply.count()).toBe(1);

    // Like (the button says it is pressed) and bookmark.
    await page.getByRole('button', { name: 'Like', exact: true }).click();
    await page.getByRole('button', { name: 'Liked' }).waitFor();
    expect(await page.getByRole('button', { name: 'Liked' }).getAttribute('aria-pressed')).toBe('true');
    expect(await main.innerText()).toContain('1 like');
    await go(page, () => page.getByRole('button', { name: 'Bookmark', exact: true }).click(), /bookmarked=1/);
    expect(await page.getByRole('status').innerText()).toBe('Saved in your bookmarks.');
    await checkPage(page, 'page');

    // A remix derived from it: lineage on both pages.
    const originalId = resourceUrl.split('/').pop()!;
    await page.goto(`${suite.origin}/education-commons/resources/new?collection=${collectionId}&derivedFrom=${originalId}`);
    await page.getByLabel('Title').fill('Fracciones con tiras de papel');
    await page.getByLabel('Link', { exact: true }).fill('https://oer.example.org/fracciones-tiras');
    await go(page, () => page.getByRole('button', { name: 'Add the resource' }).click(), /\/education-commons\/resources\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('link', { name: 'Fractions with paper strips' }).count()).toBe(1);
    expect(await main.innerText()).toContain('Derived from');

    // Its owner edits it.
    await page.goto(resourceUrl);
    await go(page, () => page.getByRole('link', { name: 'Edit or delete' }).click(), /\/edit$/);
    await checkPage(page, 'edit');
    expect(await page.getByLabel('Learning outcomes').inputValue()).toContain('Place a fraction on a number line');
    await page.getByLabel('Description').fill('Folding paper strips to compare halves, thirds, quarters and sixths.');
    await go(page, () => page.getByRole('button', { name: 'Save the changes' }).click(), resourcePathname);
    expect(await main.innerText()).toContain('quarters and sixths');
    expect(await main.getByRole('link', { name: 'Fracciones con tiras de papel' }).count()).toBe(1);

    // A report to the moderators, from the page.
    await page.getByText('Report this resource').click();
    await page.getByLabel('What is wrong with it?').fill('The link asks for a sign-up before showing anything.');
    await go(page, () => page.getByRole('button', { name: 'Send the report' }).click(), /flagged=1$/);
    expect(await page.getByRole('status').innerText()).toContain('the moderators have your report');

    expect(blockedRequests).toEqual([]);
    expect(errors.filter((error) => !/the server responded with a status of 4\d\d/.test(error))).toEqual([]);
    expect(await policyViolations()).toEqual([]);
    await page.context().close();

    // Someone not logged in: the page, its thread and likes, no forms; a server gets the JSON at the same URL.
    const anonymous = await openIsolatedPage(suite.browser, suite.origin);
    const response = await anonymous.page.goto(resourceUrl);
    expect(response?.status()).toBe(200);
    expect(await anonymous.page.getByRole('heading', { level: 1 }).innerText()).toBe('Fractions with paper strips');
    expect(await anonymous.page.getByText('Thirds were the hardest part.').count()).toBe(1);
    expect(await anonymous.page.locator('main').innerText()).toContain('1 like');
    expect(await anonymous.page.getByRole('button', { name: 'Like' }).count()).toBe(0);
    expect(await anonymous.page.getByRole('link', { name: 'Edit or delete' }).count()).toBe(0);
    expect(await anonymous.page.getByRole('link', { name: 'Log in to comment' }).count()).toBe(1);
    await checkPage(anonymous.page, 'anonymous');
    await go(anonymous.page, () => anonymous.page.getByRole('link', { name: 'Log in to comment' }).click(), /\/login\?next=/);
    await anonymous.page.context().close();

    // In Spanish: the labels, the licence's meaning and the level from the catalogue.
    const spanish = await openIsolatedPage(suite.browser, suite.origin, { locale: 'es-ES' });
    await spanish.page.goto(resourceUrl);
    const spanishText = await spanish.page.locator('main').innerText();
    expect(spanishText).toContain('Licencia');
    expect(spanishText).toContain('debe compartir sus adaptaciones con la misma licencia');
    expect(spanishText).toContain('Educación primaria');
    expect(spanishText).toContain('1 comentario');
    await checkPage(spanish.page, 'spanish');
    await spanish.page.context().close();

    const json = await suite.instance.inject({ url: resourcePathname, headers: { accept: 'application/activity+json' } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ id: activityPubId, type: 'Page', name: 'Fractions with paper strips' });
  });

  it('shows a deleted resource as gone (410) to a browser, as its Tombstone says to servers', async () => {
    const made = await suite.instance.graphql<{ createResource: { id: string; uri: string } }>(
      'mutation ($input: EducationCreateResourceInput!) { createResource(input: $input) { id uri } }',
      { input: { collectionId, name: 'A draft to delete', url: 'https://oer.example.org/draft' } },
      { as: ada },
    );
    const { id, uri } = made.data!.createResource;
    const { page } = await openIsolatedPage(suite.browser, suite.origin);
    await page.goto(`${suite.origin}/login?next=${encodeURIComponent(`/education-commons/resources/${id}/edit`)}`);
    await page.getByLabel('Username or email address').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, () => page.getByRole('button', { name: 'Log in' }).click(), `/education-commons/resources/${id}/edit`);
    await page.getByText('I want to delete it').click();
    await go(page, () => page.getByRole('button', { name: 'Delete the resource' }).click(), /\/\?deleted=resource$/);
    const gone = await page.goto(`${suite.origin}${new URL(uri).pathname}`);
    expect(gone?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('This is gone');
    await checkPage(page, 'gone');
    const json = await suite.instance.inject({ url: new URL(uri).pathname, headers: { accept: 'application/activity+json' } });
    expect(json.statusCode).toBe(410);
    expect(json.json()).toMatchObject({ type: 'Tombstone' });
    await page.context().close();
  });
});
