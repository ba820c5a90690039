import { Form, FormattedDate, SubmitButton, TextArea, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';

interface LinkItem {
  id: string;
  url: string;
  title: string;
  note: string;
  createdAt: string;
}

export interface LinksPageData {
  myLinks: { nodes: LinkItem[] };
}

/** The viewer's links, newest first, under a form to save another. */
function LinksPage({ data }: PageProps<LinksPageData>) {
  const t = useT();
  const links = data.myLinks.nodes;
  return (
    <div className="narrow stack">
      <h1>{t('links.page.title')}</h1>
      <section className="stack" aria-labelledby="links-save">
        <h2 id="links-save">{t('links.page.save')}</h2>
        {/* Without JavaScript: the form posts to /links, the kernel runs saveLink as the viewer, then redirects back. */}
        <Form action="saveLink" className="stack">
          <TextField name="url" type="url" label={t('links.field.url')} required />
          <TextField name="title" label={t('links.field.title')} required />
          <TextArea name="note" label={t('links.field.note')} rows={3} />
          <SubmitButton>{t('links.page.submit')}</SubmitButton>
        </Form>
      </section>
      <section className="stack" aria-labelledby="links-mine">
        <h2 id="links-mine">{t('links.page.mine')}</h2>
        {links.length === 0 ? <p className="muted">{t('links.page.none')}</p> : <LinkList links={links} />}
      </section>
    </div>
  );
}

/** A list of links: the title goes to the URL, the note and the date under it. Shared with the profile panel. */
export function LinkList({ links }: { links: readonly LinkItem[] }) {
  return (
    <ul className="result-list">
      {links.map((link) => (
        <li key={link.id}>
          <a href={link.url} rel="nofollow noopener">
            {link.title}
          </a>
          {link.note ? <p>{link.note}</p> : null}
          <p className="muted">
            <FormattedDate value={link.createdAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The form's fields become saveLink's input; a refusal (`input.url`) shows beside the `url` field. */
const saveLink: PageAction<{ saveLink: { id: string } }> = {
  mutation: 'mutation SaveLink($input: LinksSaveLinkInput!) { saveLink(input: $input) { id } }',
  variables: (fields) => ({ input: { url: fields.url ?? '', title: fields.title ?? '', note: fields.note ?? '' } }),
  redirect: () => '/links',
};

export const linksPage: PageDefinition<LinksPageData> = {
  path: '/links',
  access: 'signed-in',
  query: 'query LinksPage { myLinks(first: 50) { nodes { id url title note createdAt } } }',
  component: LinksPage,
  title: (_props, t) => t('links.page.title'),
  head: () => ({ noIndex: true }),
  actions: { saveLink },
};
