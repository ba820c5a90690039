import { Form, SubmitButton, TextArea, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { commonsPaths } from '../paths.js';

interface NewCollectionData {
  community: { id: string; username: string; name: string } | null;
}

/** A new collection in a community (the API lets only its members make one: a refusal shows at the top). */
function NewCollectionPage({ data }: PageProps<NewCollectionData>) {
  const t = useT();
  const community = data.community!;
  return (
    <div className="narrow stack">
      <h1>{t('education-commons.newCollection.title')}</h1>
      <p>
        {t('education-commons.newCollection.in')} <a href={commonsPaths.community(community.username)}>{community.name}</a>
      </p>
      <Form action="createCollection" className="stack">
        <input type="hidden" name="communityId" value={community.id} />
        <TextField name="name" label={t('education-commons.newCollection.name')} required maxLength={200} />
        <TextArea name="summary" label={t('education-commons.newCollection.summary')} hint={t('education-commons.newCollection.summaryHint')} rows={4} />
        <SubmitButton>{t('education-commons.newCollection.submit')}</SubmitButton>
      </Form>
    </div>
  );
}

const createCollection: PageAction<{ createCollection: { username: string } }> = {
  mutation: 'mutation CreateCollection($input: EducationCreateCollectionInput!) { createCollection(input: $input) { username } }',
  variables: (fields) => ({
    input: { communityId: fields.communityId ?? '', name: fields.name?.trim() ?? '', summary: fields.summary?.trim() ? fields.summary.trim() : null },
  }),
  redirect: (result) => commonsPaths.collection(result.createCollection.username),
};

export const newCollectionPage: PageDefinition<NewCollectionData> = {
  path: '/c/:username/collections/new',
  access: 'signed-in',
  query: 'query NewCollectionPage($username: String!) { community: educationCommunityByUsername(username: $username) { id username name } }',
  variables: (params) => ({ username: params.username }),
  notFound: (data) => !data.community,
  component: NewCollectionPage,
  title: (_props, t) => t('education-commons.newCollection.title'),
  head: () => ({ noIndex: true }),
  actions: { createCollection },
};
