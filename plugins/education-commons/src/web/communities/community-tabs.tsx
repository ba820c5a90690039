import { MenuNav, useMenu, usePage } from '@commonplace/sdk/web';

/**
 * A community's tabs: the entries of the `community` menu (this plugin's and any later plugin's, e.g. a
 * mutual-aid "offers and requests" tab), each href's `:username` filled with this community's. The
 * moderation tab shows only to those who moderate (the menu's access cannot say "moderator here").
 */
export function CommunityTabs({ username, moderates }: { username: string; moderates: boolean }) {
  const { t } = usePage();
  const links = useMenu('community', { username, name: username }).filter((link) => moderates || !link.href.endsWith('/moderation'));
  return <MenuNav links={links} label={t('education-commons.community.tabs')} className="commons-tabs" />;
}
