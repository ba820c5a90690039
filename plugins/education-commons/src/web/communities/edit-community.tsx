import { Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';
import { CommunityFields, communityInput } from './community-fields.js';
import { CommunityTabs } from './community-tabs.js';

interface EditCommunityData {
  community: {
    id: string;
    username: string;
    name: string;
    summary: string | null;
    language: string | null;
    iconUrl: string | null;
    requiresApproval: boolean;
    viewerModerates: boolean;
  } | null;
}

function EditCommunityPage({ data }: PageProps<EditCommunityData>) {
  const t = useT();
  const community = data.community!;
  return (
    <div className="stack">
      <CommonsStyles />
      <h1>{t('education-commons.editCommunity.title', { name: community.name })}</h1>
      <CommunityTabs username={community.username} moderates={community.viewerModerates} />
      {community.viewerModerates ? (
        <div className="narrow">
          <Form action="updateCommunity" className="stack">
            <input type="hidden" name="id" value={community.id} />
            <CommunityFields defaults={community} />
            <SubmitButton>{t('education-commons.editCommunity.submit')}</SubmitButton>
          </Form>
        </div>
      ) : (
        <p>{t('education-commons.editCommunity.notAllowed')}</p>
      )}
    </div>
  );
}

const updateCommunity: PageAction<{ updateCommunity: { username: string } }> = {
  mutation: 'mutation UpdateCommunity($input: EducationUpdateCommunityInput!) { updateCommunity(input: $input) { username } }',
  variables: (fields) => ({ input: { id: fields.id ?? '', ...communityInput(fields) } }),
  redirect: (result) => commonsPaths.community(result.updateCommunity.username),
};

export const editCommunityPage: PageDefinition<EditCommunityData> = {
  path: '/c/:username/edit',
  access: 'signed-in',
  query: `query EditCommunityPage($username: String!) {
    community: educationCommunityByUsername(username: $username) { id username name summary language iconUrl requiresApproval viewerModerates }
  }`,
  variables: (params) => ({ username: params.username }),
  // Only those who may change it see the form; the mutation checks again.
  notFound: (data) => !data.community,
  component: EditCommunityPage,
  title: ({ data }, t) => t('education-commons.editCommunity.title', { name: data.community?.name ?? '' }),
  head: () => ({ noIndex: true }),
  actions: { updateCommunity },
};
