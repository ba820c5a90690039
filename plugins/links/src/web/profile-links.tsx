import { useT, type SlotPanel, type SlotProps } from '@commonplace/sdk/web';
import { LinkList, type LinksPageData } from './links-page.js';

interface ProfileLinksData {
  linksOf: LinksPageData['myLinks'];
}

/** On a person's profile (core's `profile.panels` slot): the links they saved, which are public. */
function ProfileLinks({ data }: SlotProps<ProfileLinksData>) {
  const t = useT();
  if (data.linksOf.nodes.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="links-profile">
      <h2 id="links-profile">{t('links.profile.title')}</h2>
      <LinkList links={data.linksOf.nodes} />
    </section>
  );
}

export const profileLinksPanel: SlotPanel<ProfileLinksData> = {
  slot: 'profile.panels',
  // The host page is /@:username: its params are the panel's variables.
  query: 'query ProfileLinks($username: String!) { linksOf(username: $username, first: 10) { nodes { id url title note createdAt } } }',
  variables: (params) => ({ username: params.username ?? '' }),
  component: ProfileLinks,
};
