import type { ReactNode } from 'react';
import { Form, MenuNav, useMenu, usePage } from '@commonplace/sdk/web';

export interface LayoutProps {
  children: ReactNode;
}

/**
 * Every page's frame: a skip link, the header (the instance's name, the main menu, the search box,
 * a place for notifications, the account menu), the page in <main>, the footer. Works without
 * JavaScript: the menus are links and log out is a form.
 */
export function Layout({ children }: LayoutProps) {
  const { t, instanceName } = usePage();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('core.layout.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <a className="site-header__name" href="/">
            {instanceName}
          </a>
          <MainNavigation />
          <SearchBox />
          {/* Notifications come in a later issue: their place in the header is kept. */}
          <div className="site-header__notifications" id="notifications" />
          <AccountMenu />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>{t('core.layout.poweredBy', { name: instanceName })}</p>
          <nav aria-label={t('core.layout.footerNavigation')}>
            <ul className="inline-list">
              <li>
                <a href="/graphiql">{t('core.layout.api')}</a>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}

/** The path of a URL that may carry a query string (`/login?next=/` is `/login`). */
function pathOf(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? url;
}

function MainNavigation() {
  const { t } = usePage();
  return <MenuNav links={useMenu('main')} label={t('core.layout.mainNavigation')} className="site-header__nav" listClassName="inline-list" />;
}

function SearchBox() {
  const { t, search, url } = usePage();
  const onSearchPage = pathOf(url) === '/search';
  return (
    <form className="site-search" role="search" method="get" action="/search">
      <label className="visually-hidden" htmlFor="site-search-q">
        {t('core.layout.searchLabel')}
      </label>
      <input id="site-search-q" className="site-search__input" type="search" name="q" defaultValue={onSearchPage ? search.q : undefined} />
      <button className="button button--secondary" type="submit">
        {t('core.layout.searchButton')}
      </button>
    </form>
  );
}

function AccountMenu() {
  const { t, viewer, url } = usePage();
  const entries = useMenu('account');
  if (!viewer) {
    const here = pathOf(url);
    // Back to this page after logging in, except from the pages that are about logging in.
    const next = here === '/login' || here === '/signup' || here === '/logout' ? '' : `?next=${encodeURIComponent(url)}`;
    return (
      <nav className="site-header__account" aria-label={t('core.layout.accountNavigation')}>
        <ul className="inline-list">
          <li>
            <a href={`/login${next}`}>{t('core.layout.logIn')}</a>
          </li>
          <li>
            <a className="button button--primary" href="/signup">
              {t('core.layout.signUp')}
            </a>
          </li>
        </ul>
      </nav>
    );
  }
  return (
    <nav className="site-header__account" aria-label={t('core.layout.accountNavigation')}>
      <ul className="inline-list">
        <li>
          <a href={`/@${viewer.username}`}>{t('core.layout.you', { username: viewer.username })}</a>
        </li>
        {entries.map((entry) => (
          <li key={entry.href}>
            <a href={entry.href}>{entry.label}</a>
          </li>
        ))}
        <li>
          <Form action="logOut" to="/logout" className="inline-form">
            <button type="submit" className="button button--link">
              {t('core.layout.logOut')}
            </button>
          </Form>
        </li>
      </ul>
    </nav>
  );
}
