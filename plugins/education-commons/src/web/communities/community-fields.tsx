import { Select, TextArea, TextField, usePage } from '@commonplace/sdk/web';
import { languageOptions } from '../resources/vocabulary-options.js';

/** What the form opens with: an edit starts from the community, a new one from nothing. */
export interface CommunityFieldDefaults {
  name?: string;
  summary?: string | null;
  language?: string | null;
  iconUrl?: string | null;
  requiresApproval?: boolean;
}

/** The community form's fields, named as the API's input so a refusal naming `iconUrl` sits beside the icon. */
export function CommunityFields({ defaults = {} }: { defaults?: CommunityFieldDefaults }) {
  const { t, locale } = usePage();
  return (
    <>
      <TextField name="name" label={t('education-commons.communityForm.name')} required defaultValue={defaults.name} maxLength={200} />
      <TextArea name="summary" label={t('education-commons.communityForm.summary')} hint={t('education-commons.communityForm.summaryHint')} defaultValue={defaults.summary ?? undefined} rows={4} />
      <Select name="language" label={t('education-commons.communityForm.language')} options={languageOptions(t, locale)} defaultValue={defaults.language ?? ''} />
      <TextField
        name="iconUrl"
        type="url"
        label={t('education-commons.communityForm.iconUrl')}
        hint={t('education-commons.communityForm.iconUrlHint')}
        defaultValue={defaults.iconUrl ?? undefined}
      />
      <Select
        name="requiresApproval"
        label={t('education-commons.communityForm.joining')}
        hint={t('education-commons.communityForm.joiningHint')}
        options={[
          { value: 'open', label: t('education-commons.communityForm.joiningOpen') },
          { value: 'approval', label: t('education-commons.communityForm.joiningApproval') },
        ]}
        defaultValue={defaults.requiresApproval ? 'approval' : 'open'}
      />
    </>
  );
}

/** The form's fields as the API's input: a blank field is "not given" (null). */
export function communityInput(fields: Readonly<Record<string, string>>) {
  const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  return {
    name: fields.name?.trim() ?? '',
    summary: blankToNull(fields.summary),
    language: blankToNull(fields.language),
    iconUrl: blankToNull(fields.iconUrl),
    requiresApproval: fields.requiresApproval === 'approval',
  };
}
