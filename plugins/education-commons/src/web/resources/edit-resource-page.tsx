import { Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { blankToNull, metadataInput, ResourceFields } from './resource-fields.js';
import { resourcePath } from './resource-query.js';
import { ResourceStyles } from './resource-styles.js';

export interface EditResourceData {
  resource: {
    id: string;
    kind: 'LINK' | 'FILE';
    name: string;
    url: string;
    summary: string | null;
    language: string | null;
    learningOutcomes: string[];
    author: string | null;
    deleted: boolean;
    licence: { id: string } | null;
    level: { code: string } | null;
    subject: { code: string } | null;
    type: { code: string } | null;
  } | null;
}

/** Its author (or a moderator: the API decides, and says so beside the form) edits or deletes a resource. */
function EditResourcePage({ data }: PageProps<EditResourceData>) {
  const t = useT();
  const resource = data.resource!;
  return (
    <div className="narrow stack">
      <ResourceStyles />
      <h1>{t('education-commons.editResource.title', { name: resource.name })}</h1>
      <Form action="update" className="stack">
        <ResourceFields
          withUrl={resource.kind === 'LINK'}
          defaults={{
            name: resource.name,
            url: resource.url,
            summary: resource.summary ?? '',
            licence: resource.licence?.id,
            language: resource.language ?? '',
            level: resource.level?.code ?? '',
            subject: resource.subject?.code ?? '',
            type: resource.type?.code ?? '',
            learningOutcomes: resource.learningOutcomes.join('\n'),
            author: resource.author ?? '',
          }}
        />
        <SubmitButton>{t('education-commons.editResource.submit')}</SubmitButton>
      </Form>
      <p>
        <a href={resourcePath(resource.id)}>{t('education-commons.editResource.back')}</a>
      </p>
      <section className="stack stack--tight" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('education-commons.editResource.deleteTitle')}</h2>
        <p>{t('education-commons.editResource.deleteWarning')}</p>
        {/* Behind a disclosure: a Delete federates and cannot be taken back, so it takes two deliberate clicks. */}
        <details>
          <summary>{t('education-commons.editResource.deleteOpen')}</summary>
          <Form action="delete" className="stack stack--tight">
            <SubmitButton variant="danger">{t('education-commons.editResource.deleteSubmit')}</SubmitButton>
          </Form>
        </details>
      </section>
    </div>
  );
}

const update: PageAction<{ updateResource: { id: string } }> = {
  mutation: 'mutation EducationUpdateResource($input: EducationUpdateResourceInput!) { updateResource(input: $input) { id } }',
  variables: (fields, params) => ({
    input: { id: params.id, ...(fields.url !== undefined ? { url: blankToNull(fields.url) } : {}), ...metadataInput(fields) },
  }),
  redirect: (result) => resourcePath(result.updateResource.id),
};

const remove: PageAction<{ deleteResource: { id: string } }> = {
  mutation: 'mutation EducationDeleteResource($id: ID!) { deleteResource(id: $id) { id } }',
  variables: (_fields, params) => ({ id: params.id }),
  redirect: () => '/?deleted=resource',
};

export const editResourcePage: PageDefinition<EditResourceData> = {
  path: '/education-commons/resources/:id/edit',
  access: 'signed-in',
  query: `query EducationEditResource($id: ID!) {
    resource(id: $id) { id kind name url summary language learningOutcomes author deleted licence { id } level { code } subject { code } type { code } }
  }`,
  variables: (params) => ({ id: params.id }),
  notFound: (data) => !data.resource || data.resource.deleted,
  component: EditResourcePage,
  title: ({ data }, t) => t('education-commons.editResource.title', { name: data.resource?.name ?? '' }),
  head: () => ({ noIndex: true }),
  actions: { update, delete: remove },
};
