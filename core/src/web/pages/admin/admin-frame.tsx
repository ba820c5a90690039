import type { ReactNode } from 'react';
import { usePage } from '@commonplace/sdk/web';
import { menuEntries } from '../../ui/layout.js';

/**
 * The frame of every admin page: its heading and the admin menu (the `admin` navigation entries of
 * core and of any plugin that adds one), the current page marked.
 */
export function AdminFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t, navigation, viewer, url } = usePage();
  const here = url.split(/[?#]/, 1)[0];
  const entries = menuEntries(navigation, 'admin', viewer);
  return (
    <div className="stack">
      <nav className="admin-nav" aria-label={t('core.admin.menu')}>
        <ul className="inline-list">
          {entries.map((entry) => (
            <li key={entry.href}>
              <a href={entry.href} aria-current={entry.href === here ? 'page' : undefined}>
                {t(entry.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{title}</h1>
      {children}
    </div>
  );
}

/** Where a page goes back to after an action, with a word on what was done (`?done=blocked`). */
export function doneUrl(path: string, done: string, extra: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ done, ...extra }).toString()}`;
}

/** The sentence for `?done=` after an action, announced to screen readers. */
export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="panel panel--success" role="status">
      {message}
    </p>
  );
}
