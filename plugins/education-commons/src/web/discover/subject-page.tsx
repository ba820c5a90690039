import { Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { NextPageLink, RESOURCE_ITEM_FIELDS, ResourceList, Section, subjectName, type ResourceItemData } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface SubjectPageData {
  subject: { code: string; name: string; parent: string | null; viewerFollows: boolean } | null;
  parent: { code: string; name: string } | null;
  subfields: Array<{ code: string; name: string }>;
  resources: { nodes: ResourceItemData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** A field of education (ISCED-F 2013): its resources and those of narrower fields, the narrower fields, follow. */
function SubjectPage({ data, viewer }: PageProps<SubjectPageData>) {
  const t = useT();
  const subject = data.subject!;
  return (
    <div className="stack">
      <CommonsStyles />
      <section className="stack stack--tight" aria-labelledby="subject-name">
        <p className="muted">
          <a href={commonsPaths.discover}>{t('education-commons.discover.title')}</a>
          {data.parent ? (
            <>
              {' › '}
              <a href={commonsPaths.subject(data.parent.code)}>{subjectName(t, data.parent)}</a>
            </>
          ) : null}
        </p>
        <h1 id="subject-name">{subjectName(t, subject)}</h1>
        <p className="muted">{t('education-commons.subject.code', { code: subject.code })}</p>
        {viewer ? (
          <Form action={subject.viewerFollows ? 'unfollowSubject' : 'followSubject'} className="inline-form">
            <SubmitButton variant="secondary">{subject.viewerFollows ? t('education-commons.subject.unfollow') : t('education-commons.subject.follow')}</SubmitButton>
          </Form>
        ) : null}
      </section>
      {data.subfields.length > 0 ? (
        <Section id="subject-subfields" title={t('education-commons.subject.narrower')}>
          <ul className="inline-list">
            {data.subfields.map((field) => (
              <li key={field.code}>
                <a href={commonsPaths.subject(field.code)}>{subjectName(t, field)}</a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section id="subject-resources" title={t('education-commons.subject.resources')}>
        <ResourceList resources={data.resources.nodes} empty={t('education-commons.subject.noResources')} />
        <NextPageLink pageInfo={data.resources.pageInfo} href={(cursor) => `${commonsPaths.subject(subject.code)}?after=${encodeURIComponent(cursor)}`} />
      </Section>
    </div>
  );
}

const backToSubject = (_result: unknown, params: Readonly<Record<string, string>>) => commonsPaths.subject(params.code ?? '');

const followSubject: PageAction = {
  mutation: 'mutation FollowSubject($code: String!) { followSubject(code: $code) { code } }',
  variables: (_fields, params) => ({ code: params.code ?? '' }),
  redirect: backToSubject,
  access: 'signed-in',
};

const unfollowSubject: PageAction = {
  mutation: 'mutation UnfollowSubject($code: String!) { unfollowSubject(code: $code) }',
  variables: (_fields, params) => ({ code: params.code ?? '' }),
  redirect: backToSubject,
  access: 'signed-in',
};

/** The parent's code: ISCED-F codes nest by prefix (0613 in 061 in 06). */
const parentCode = (code: string) => (code.length > 2 ? code.slice(0, code.length - 1) : '');

export const subjectPage: PageDefinition<SubjectPageData> = {
  path: '/subjects/:code',
  query: `query SubjectPage($code: String!, $parent: String!, $after: String) {
    subject: educationSubject(code: $code) { code name parent viewerFollows }
    parent: educationSubject(code: $parent) { code name }
    subfields: educationSubfields(code: $code) { code name }
    resources: educationSubjectResources(code: $code, first: 20, after: $after) { nodes { ${RESOURCE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } }
  }`,
  variables: (params, search) => ({ code: params.code, parent: parentCode(params.code ?? ''), after: search.after ?? null }),
  notFound: (data) => !data.subject,
  component: SubjectPage,
  title: ({ data }, t) => (data.subject ? subjectName(t, data.subject) : ''),
  actions: { followSubject, unfollowSubject },
};
