import { allows, usePage } from '@commonplace/sdk/web';

/**
 * A community's tabs: the entries of the `community` menu (this plugin's and any later plugin's, e.g. a
 * mutual-aid "offers and requests" tab), each href's `:username` filled with this community's. The
 * moderation tab shows only to those who moderate (the menu's access cannot say "moderator here").
 */
export function CommunityTabs({ username, moderates }: { username: string; moderates: boolean }) {
  const { t, navigation, viewer, url } = usePage();
  const here = url.split(/[?#]/, 1)[0];
  const entries = navigation
    .filter((entry) => entry.menu === 'community' && allows(entry.access, viewer))
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.order ?? 1000) - (b.entry.order ?? 1000) || a.index - b.index)
    .map(({ entry }) => ({ label: t(entry.label), href: entry.href.replace(/:username\b|:name\b/g, encodeURIComponent(username)) }))
    .filter((entry) => moderates || !entry.href.endsWith('/moderation'));
  if (entries.length === 0) return null;
  return (
    <nav className="commons-tabs" aria-label={t('education-commons.community.tabs')}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.href}>
            <a href={entry.href} aria-current={entry.href === here ? 'page' : undefined}>
              {entry.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
