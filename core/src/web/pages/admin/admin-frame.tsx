import type { ReactNode } from 'react';
import { MenuNav, useMenu, usePage } from '@commonplace/sdk/web';

/**
 * The frame of every admin page: its heading and the admin menu (the `admin` navigation entries of
 * core and of any plugin that adds one), the current page marked.
 */
export function AdminFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = usePage();
  return (
    <div className="stack">
      <MenuNav links={useMenu('admin')} label={t('core.admin.menu')} className="admin-nav" listClassName="inline-list" />
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
