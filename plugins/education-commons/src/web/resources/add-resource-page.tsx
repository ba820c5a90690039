import { Form, Select, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { metadataInput, blankToNull, ResourceFields } from './resource-fields.js';
import { resourcePath } from './resource-query.js';
import { ResourceStyles } from './resource-styles.js';

export interface AddResourceData {
  collections: { nodes: Array<{ id: string; name: string }> };
  derivedFrom?: { id: string; name: string; deleted: boolean } | null;
}

/**
 * Adding a resource by link, into a collection (`?collection=<id>` chooses it, as a collection's page
 * links here), optionally derived from another (`?derivedFrom=<id>`, shown as lineage on both).
 * Uploading a file waits for its island (a progress bar over the upload endpoint).
 */
function AddResourcePage({ data, search }: PageProps<AddResourceData>) {
  const t = useT();
  const origin = data.derivedFrom && !data.derivedFrom.deleted ? data.derivedFrom : null;
  const collections = data.collections.nodes;
  return (
    <div className="narrow stack">
      <ResourceStyles />
      <h1>{t('education-commons.addResource.title')}</h1>
      <p className="lead">{t('education-commons.addResource.lead')}</p>
      {collections.length === 0 ? (
        <p className="notice" role="status">
          {t('education-commons.addResource.noCollections')}
        </p>
      ) : (
        <Form action="create" className="stack">
          <Select
            name="collectionId"
            label={t('education-commons.addResource.collection')}
            hint={t('education-commons.addResource.collectionHint')}
            options={collections.map((collection) => ({ value: collection.id, label: collection.name }))}
            defaultValue={search.collection}
            required
          />
          {origin ? (
            <p>
              <input type="hidden" name="derivedFromId" value={origin.id} />
              {t('education-commons.resource.derivedFrom')} <a href={resourcePath(origin.id)}>{origin.name}</a>
            </p>
          ) : null}
          <ResourceFields />
          <SubmitButton>{t('education-commons.addResource.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

const create: PageAction<{ createResource: { id: string } }> = {
  mutation: 'mutation EducationCreateResource($input: EducationCreateResourceInput!) { createResource(input: $input) { id } }',
  variables: (fields) => ({
    input: { collectionId: fields.collectionId ?? '', url: fields.url ?? '', derivedFromId: blankToNull(fields.derivedFromId), ...metadataInput(fields) },
  }),
  redirect: (result) => resourcePath(result.createResource.id),
};

export const addResourcePage: PageDefinition<AddResourceData> = {
  path: '/education-commons/resources/new',
  access: 'signed-in',
  query: `query EducationAddResource($derivedFromId: ID!, $withOrigin: Boolean!) {
    collections(first: 100) { nodes { id name } }
    derivedFrom: resource(id: $derivedFromId) @include(if: $withOrigin) { id name deleted }
  }`,
  variables: (_params, search) => ({ derivedFromId: search.derivedFrom ?? '', withOrigin: !!search.derivedFrom }),
  component: AddResourcePage,
  title: (_props, t) => t('education-commons.addResource.title'),
  head: () => ({ noIndex: true }),
  actions: { create },
};
