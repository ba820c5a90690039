import { Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { commonsPaths } from '../paths.js';
import { CommunityFields, communityInput } from './community-fields.js';

interface CreateCommunityResult {
  createCommunity: { username: string };
}

function NewCommunityPage(_props: PageProps<unknown>) {
  const t = useT();
  return (
    <div className="narrow stack">
      <h1>{t('education-commons.newCommunity.title')}</h1>
      <p>{t('education-commons.newCommunity.intro')}</p>
      <Form action="createCommunity" className="stack">
        <CommunityFields />
        <SubmitButton>{t('education-commons.newCommunity.submit')}</SubmitButton>
      </Form>
    </div>
  );
}

const createCommunity: PageAction<CreateCommunityResult> = {
  mutation: 'mutation CreateCommunity($input: EducationCreateCommunityInput!) { createCommunity(input: $input) { username } }',
  variables: (fields) => ({ input: communityInput(fields) }),
  redirect: (result) => commonsPaths.community(result.createCommunity.username),
};

export const newCommunityPage: PageDefinition<unknown> = {
  path: commonsPaths.newCommunity,
  access: 'signed-in',
  component: NewCommunityPage,
  title: (_props, t) => t('education-commons.newCommunity.title'),
  head: () => ({ noIndex: true }),
  actions: { createCommunity },
};
