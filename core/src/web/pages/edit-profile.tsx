import { Form, SubmitButton, TextArea, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';

export interface EditProfileData {
  me: { username: string; displayName: string | null; summary: string | null; avatarUrl: string | null } | null;
}

/** Name, summary and avatar (as a URL: uploads come with the media pages). */
function EditProfilePage({ data }: PageProps<EditProfileData>) {
  const t = useT();
  const me = data.me!;
  return (
    <div className="narrow stack">
      <h1>{t('core.editProfile.title')}</h1>
      <Form action="updateProfile" className="stack">
        <TextField name="displayName" label={t('core.editProfile.displayName')} defaultValue={me.displayName ?? ''} autoComplete="name" />
        <TextArea name="summary" label={t('core.editProfile.summary')} hint={t('core.editProfile.summaryHint')} defaultValue={me.summary ?? ''} />
        <TextField name="avatarUrl" type="url" label={t('core.editProfile.avatarUrl')} hint={t('core.editProfile.avatarUrlHint')} defaultValue={me.avatarUrl ?? ''} />
        <SubmitButton>{t('core.editProfile.submit')}</SubmitButton>
      </Form>
      <p>
        <a href="/settings/delete">{t('core.deleteAccount.title')}</a>
      </p>
    </div>
  );
}

/** A field left blank clears it (the mutation's null). */
const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

const updateProfile: PageAction<{ updateProfile: { username: string } }> = {
  mutation: 'mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { username } }',
  variables: (fields) => ({
    input: { displayName: blankToNull(fields.displayName), summary: blankToNull(fields.summary), avatarUrl: blankToNull(fields.avatarUrl) },
  }),
  redirect: (result) => `/@${result.updateProfile.username}`,
};

export const editProfilePage: PageDefinition<EditProfileData> = {
  path: '/settings/profile',
  access: 'signed-in',
  query: 'query EditProfilePage { me { username displayName summary avatarUrl } }',
  notFound: (data) => !data.me,
  component: EditProfilePage,
  title: (_props, t) => t('core.editProfile.title'),
  head: () => ({ noIndex: true }),
  actions: { updateProfile },
};
