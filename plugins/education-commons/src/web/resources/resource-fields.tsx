import { Select, TextArea, TextField, usePage } from '@commonplace/sdk/web';
import { languageOptions, levelOptions, licenceOptions, subjectOptions, typeOptions } from './vocabulary-options.js';

/** What the form opens with (an edit starts from the resource; a new one from the instance's defaults). */
export interface ResourceFieldDefaults {
  name?: string;
  url?: string;
  summary?: string;
  licence?: string;
  language?: string;
  level?: string;
  subject?: string;
  type?: string;
  learningOutcomes?: string;
  author?: string;
}

/**
 * The fields of a resource, named as the API's input (so a refusal naming `licence` lands beside the
 * licence). `withUrl` is false for an uploaded file, whose URL is the file.
 */
export function ResourceFields({ defaults = {}, withUrl = true }: { defaults?: ResourceFieldDefaults; withUrl?: boolean }) {
  const { t, locale } = usePage();
  return (
    <>
      <TextField name="name" label={t('education-commons.resourceForm.name')} required defaultValue={defaults.name} maxLength={500} />
      {withUrl ? (
        <TextField name="url" type="url" label={t('education-commons.resourceForm.url')} hint={t('education-commons.resourceForm.urlHint')} required defaultValue={defaults.url} />
      ) : null}
      <TextArea name="summary" label={t('education-commons.resourceForm.summary')} defaultValue={defaults.summary} rows={4} />
      <Select
        name="licence"
        label={t('education-commons.resourceForm.licence')}
        hint={t('education-commons.resourceForm.licenceHint')}
        options={licenceOptions(t)}
        defaultValue={defaults.licence ?? 'CC-BY-4.0'}
      />
      <Select name="language" label={t('education-commons.resourceForm.language')} options={languageOptions(t, locale)} defaultValue={defaults.language ?? ''} />
      <Select name="level" label={t('education-commons.resourceForm.level')} hint={t('education-commons.resourceForm.levelHint')} options={levelOptions(t)} defaultValue={defaults.level ?? ''} />
      <Select name="subject" label={t('education-commons.resourceForm.subject')} hint={t('education-commons.resourceForm.subjectHint')} options={subjectOptions(t)} defaultValue={defaults.subject ?? ''} />
      <Select name="type" label={t('education-commons.resourceForm.type')} options={typeOptions(t)} defaultValue={defaults.type ?? ''} />
      <TextArea
        name="learningOutcomes"
        label={t('education-commons.resourceForm.learningOutcomes')}
        hint={t('education-commons.resourceForm.learningOutcomesHint')}
        defaultValue={defaults.learningOutcomes}
        rows={4}
      />
      <TextField name="author" label={t('education-commons.resourceForm.author')} hint={t('education-commons.resourceForm.authorHint')} defaultValue={defaults.author} />
    </>
  );
}

/** A field left blank is "not given" (the API's null). */
export const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/** One learning outcome a line; blank lines dropped. */
export const outcomesOf = (value: string | undefined) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The metadata fields as the create and update inputs name them. */
export function metadataInput(fields: Readonly<Record<string, string>>) {
  return {
    name: fields.name ?? '',
    summary: blankToNull(fields.summary),
    licence: blankToNull(fields.licence),
    language: blankToNull(fields.language),
    level: blankToNull(fields.level),
    subject: blankToNull(fields.subject),
    type: blankToNull(fields.type),
    learningOutcomes: outcomesOf(fields.learningOutcomes),
    author: blankToNull(fields.author),
  };
}
