import { usePage } from './context.js';
import { allows } from './access.js';
import type { NavigationEntry } from './contract.js';

/** One entry of a menu as a page shows it: its label translated, its href's `:name` parameters filled. */
export interface MenuLink {
  label: string;
  href: string;
}

/**
 * The entries of one menu this page's viewer may see (core's and every plugin's), in order (lower
 * `order` first, core's in multiples of 100), each `:name` in an href filled from `params` (a
 * community's tabs fill `:username` with the community's).
 */
export function useMenu(menu: NavigationEntry['menu'], params: Readonly<Record<string, string>> = {}): MenuLink[] {
  const { t, navigation, viewer } = usePage();
  return navigation
    .filter((entry) => entry.menu === menu && allows(entry.access, viewer))
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.order ?? 1000) - (b.entry.order ?? 1000) || a.index - b.index)
    .map(({ entry }) => ({
      label: t(entry.label),
      href: entry.href.replace(/:([A-Za-z]\w*)/g, (whole, name: string) => (name in params ? encodeURIComponent(params[name]!) : whole)),
    }));
}

export interface MenuNavProps {
  /** The menu's entries, as `useMenu` gives them (filtered further by the caller if it must). */
  links: readonly MenuLink[];
  /** The navigation landmark's accessible name. */
  label: string;
  className?: string;
  listClassName?: string;
}

/** A menu as a navigation landmark: a list of links, the one to the current page marked `aria-current`. */
export function MenuNav({ links, label, className, listClassName }: MenuNavProps) {
  const { url } = usePage();
  if (links.length === 0) return null;
  const here = url.split(/[?#]/, 1)[0];
  return (
    <nav className={className} aria-label={label}>
      <ul className={listClassName}>
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} aria-current={link.href === here ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
