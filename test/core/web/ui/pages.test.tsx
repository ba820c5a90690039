import { describe, expect, it } from 'vitest';
import type { PageDefinition, PageProps } from '@commonplace/sdk/web';
import { coreWeb } from '../../../../core/src/web/pages/index.js';
import { safeNext } from '../../../../core/src/web/pages/next.js';
import { Layout } from '../../../../core/src/web/ui/layout.js';
import { alice, attributesOf, pageContext, render } from './render-page.js';

const pages = new Map((coreWeb.pages ?? []).map((page) => [page.path, page as PageDefinition<any>]));

const DATA: Record<string, unknown> = {
  '/': { instance: { name: 'Test Commons', description: 'Open educational resources of the valley.', signUp: 'invite-only' } },
  '/signup': { instance: { name: 'Test Commons', signUp: 'invite-only' } },
  '/@:username': {
    actor: { username: 'alice', domain: null, displayName: 'Alice Liddell', summary: 'Teaches maths.', avatarUrl: null, uri: 'https://x.example/actors/alice', createdAt: '2026-01-05T10:00:00Z' },
  },
  '/settings/profile': { me: { username: 'alice', displayName: 'Alice', summary: null, avatarUrl: null } },
  // Search and admin pages (W5): data as their queries give it.
  '/search': {
    instance: { url: 'https://x.example' },
    searchTypes: [{ type: 'education-commons.resource', facets: ['language'] }],
    search: {
      totalEstimate: 1,
      pageInfo: { hasNextPage: false, endCursor: null },
      facets: [{ field: 'language', values: [{ value: 'es', count: 1 }] }],
      edges: [{ type: 'education-commons.resource', originHost: 'peer.example', preview: { title: 'Álgebra', summary: null, url: 'https://peer.example/r/1' }, node: { __typename: 'RemoteSearchResult', id: 'https://peer.example/r/1', url: 'https://peer.example/r/1', originHost: 'peer.example' } }],
    },
  },
  '/admin': {
    adminOverview: { ready: false, database: false, jobs: true, search: false, accounts: 3, signUp: 'open', federationMode: 'blocklist' },
    instance: { name: 'Test Commons', url: 'https://x.example', plugins: [] },
  },
  '/admin/invites': { instance: { signUp: 'invite-only', url: 'https://x.example' } },
  '/admin/users': { adminAccounts: [{ username: 'alice', displayName: null, role: 'ADMIN', createdAt: '2026-01-05T10:00:00Z' }] },
  '/admin/domains': { adminOverview: { federationMode: 'allowlist' }, domainBlocks: [{ domain: 'spam.example', severity: 'REJECT', reason: null, createdAt: '2026-01-05T10:00:00Z' }], allowedDomains: [{ domain: 'peer.example', createdAt: '2026-01-05T10:00:00Z' }] },
  '/admin/reports': { reports: { nodes: [{ id: 'r1', reporter: null, targetActor: { handle: '@bob@peer.example', local: false }, objectUris: [], reason: 'spam', state: 'open', createdAt: '2026-01-05T10:00:00Z' }] } },
  '/admin/jobs': { deadLetters: [{ id: 'j1', name: 'core.deliver', attempts: 8, maxAttempts: 8, lastError: 'timeout', runAt: '2026-01-05T10:00:00Z' }] },
};

function renderPage(path: string, locale: string, extra: Partial<PageProps<unknown>> = {}) {
  const page = pages.get(path)!;
  const props: PageProps<unknown> = { data: DATA[path] ?? null, params: {}, search: {}, viewer: alice, form: null, ...extra };
  const { context, missing } = pageContext({ locale, viewer: props.viewer, params: props.params, search: props.search, form: props.form, url: path });
  const Component = page.component;
  const html = render(
    <Layout>
      <Component {...props} />
    </Layout>,
    context,
  );
  return { html, missing, title: page.title(props, context.t) };
}

describe("core's pages", () => {
  it.each(['en', 'es'])('every page renders in %s with every message in the catalogue', (locale) => {
    for (const path of pages.keys()) {
      for (const viewer of [alice, null]) {
        const { html, missing, title } = renderPage(path, locale, { viewer, params: { username: 'alice' } });
        expect(missing, `${path} in ${locale}`).toEqual([]);
        expect(html, path).toContain('<main id="main"');
        expect(typeof title).toBe('string');
      }
    }
  });

  it('the log-in page in Spanish, with a refusal next to the password', () => {
    const { html, title } = renderPage('/login', 'es', {
      viewer: null,
      search: { next: '/settings/profile' },
      // The API's "wrong credentials" names no field: the log-in form shows it beside the password.
      form: { action: 'logIn', values: { login: 'alice' }, errors: { '': 'Wrong username or password.' } },
    });
    expect(title).toBe('Iniciar sesión');
    expect(html).toContain('Hay un problema');
    expect(html).toContain('<p class="field__error" id="logIn-password-error">Wrong username or password.</p>');
    expect(html).toContain('Wrong username or password.</a>');
    expect(attributesOf(html, /<input[^>]*name="login"[^>]*>/g)[0]).toMatchObject({ value: 'alice' });
  });

  it('sign-up asks for an invite code only when the mode wants one, and offers no form when closed', () => {
    expect(renderPage('/signup', 'en', { viewer: null }).html).toContain('name="inviteCode"');
    const open = { instance: { name: 'T', signUp: 'open' } };
    expect(renderPage('/signup', 'en', { viewer: null, data: open }).html).not.toContain('name="inviteCode"');
    const closed = renderPage('/signup', 'en', { viewer: null, data: { instance: { name: 'T', signUp: 'closed' } } }).html;
    expect(closed).not.toContain('<form method="post"><input type="hidden" name="_csrf" value="csrf-token-1"/><input type="hidden" name="_action" value="signUp"');
    expect(closed).toContain('not taking new members');
  });

  it('the profile names the person and links to its ActivityPub id; its own person sees the edit link', () => {
    const page = pages.get('/@:username')!;
    const data = DATA['/@:username'];
    expect(page.head?.({ data, params: {}, search: {}, viewer: null, form: null })).toMatchObject({ activityPubId: 'https://x.example/actors/alice', type: 'profile' });
    expect(page.notFound?.({ actor: null })).toBe(true);
    const own = renderPage('/@:username', 'en', { params: { username: 'alice' } }).html;
    expect(own).toContain('Alice Liddell');
    expect(own).toContain('<time dateTime="2026-01-05T10:00:00.000Z">January 5, 2026</time>');
    expect(own).toContain('href="/settings/profile"');
    expect(renderPage('/@:username', 'es', { viewer: null }).html).toContain('5 de enero de 2026');
  });

  it('the actions send what the mutations take: blank profile fields clear, the session starts from the token', () => {
    const update = pages.get('/settings/profile')!.actions!.updateProfile!;
    expect(update.variables({ displayName: ' Alice ', summary: '  ', avatarUrl: '' }, {})).toEqual({ input: { displayName: 'Alice', summary: null, avatarUrl: null } });
    const logIn = pages.get('/login')!.actions!.logIn as unknown as { session: { start(result: unknown): string }; redirect(result: unknown, params: object): string };
    expect(logIn.redirect(null, { next: '/settings/profile' })).toBe('/settings/profile');
    expect(logIn.redirect(null, { next: '//evil.example' })).toBe('/');
    expect(logIn.session.start({ logIn: { token: 'tok', actor: { username: 'alice' } } })).toBe('tok');
    expect((pages.get('/logout')!.actions!.logOut as unknown as { session: string }).session).toBe('end');
    // A wrong password refuses as UNAUTHENTICATED: it must show, not count as logged out.
    expect((pages.get('/settings/delete')!.actions!.deleteAccount as unknown as { session?: string }).session).toBeUndefined();
  });
});

describe('Layout', () => {
  it('anonymous: a skip link to main, log in coming back here, sign up, a search form', () => {
    const { context } = pageContext({ url: '/@bob?tab=links' });
    const html = render(<Layout><p>page</p></Layout>, context);
    expect(html.startsWith('<a class="skip-link" href="#main">Skip to content</a>')).toBe(true);
    expect(html).toContain('<a href="/login?next=%2F%40bob%3Ftab%3Dlinks">Log in</a>');
    expect(html).toContain('href="/signup"');
    expect(html).toContain('<form class="site-search" role="search" action="/search" method="get">');
    expect(html).toContain('<label class="visually-hidden" for="site-search-q">Search</label>');
    expect(html).toContain('<a href="/">Home</a>');
    expect(html).not.toContain('Edit profile');
  });

  it('signed in: the person, the account entries, and log out as a POST with the CSRF token', () => {
    const { context } = pageContext({ viewer: alice, url: '/' });
    const html = render(<Layout><p>page</p></Layout>, context);
    expect(html).toContain('<a href="/@alice">@alice</a>');
    expect(html).toContain('<a href="/settings/profile">Edit profile</a>');
    expect(html).toContain('<form class="inline-form" action="/logout" method="post"><input type="hidden" name="_csrf" value="csrf-token-1"/><input type="hidden" name="_action" value="logOut"/>');
    expect(html).toContain('<a href="/" aria-current="page">Home</a>');
    expect(html).not.toContain('href="/login');
  });

  it('orders entries and hides those the viewer may not see', () => {
    const { context } = pageContext({
      viewer: alice,
      navigation: [
        { menu: 'main', label: 'core.nav.home', href: '/b', order: 200 },
        { menu: 'main', label: 'core.nav.home', href: '/a', order: 100 },
        { menu: 'main', label: 'core.nav.home', href: '/admin', access: { role: 'admin' } },
      ],
    });
    const html = render(<Layout><p /></Layout>, context);
    expect(html.indexOf('href="/a"')).toBeLessThan(html.indexOf('href="/b"'));
    expect(html).not.toContain('href="/admin"');
  });
});

describe('safeNext', () => {
  it('keeps paths of this instance and drops anything that leaves it', () => {
    expect(safeNext('/c/x?tab=1')).toBe('/c/x?tab=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, '/a\nb']) {
      expect(safeNext(bad), String(bad)).toBeUndefined();
    }
  });
});
