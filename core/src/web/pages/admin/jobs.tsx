import { Form, FormattedDate, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame, Done, doneUrl } from './admin-frame.js';

export interface AdminJobsData {
  deadLetters: Array<{ id: string; name: string; attempts: number; maxAttempts: number; lastError: string | null; runAt: string }>;
}

const PATH = '/admin/jobs';

/** The job queue's dead letters (jobs that failed their last attempt), newest first, each retryable. */
function AdminJobsPage({ data, search }: PageProps<AdminJobsData>) {
  const t = useT();
  return (
    <AdminFrame title={t('core.admin.jobs.title')}>
      <Done message={search.done === 'retried' ? t('core.admin.jobs.retried') : null} />
      <p>{t('core.admin.jobs.intro')}</p>
      {data.deadLetters.length === 0 ? (
        <p>{t('core.admin.jobs.none')}</p>
      ) : (
        <ol className="result-list">
          {data.deadLetters.map((job) => (
            <li key={job.id} className="result stack stack--tight">
              <h2 className="result__title">
                <code className="code">{job.name}</code>
              </h2>
              <p className="muted">
                {t('core.admin.jobs.attempts', { attempts: job.attempts, max: job.maxAttempts })} · <FormattedDate value={job.runAt} />
              </p>
              {job.lastError ? <pre className="code-block">{job.lastError}</pre> : null}
              <Form action="retry" className="inline-form">
                <input type="hidden" name="id" value={job.id} />
                <button type="submit" className="button button--secondary">
                  {t('core.admin.jobs.retry')}
                  <span className="visually-hidden"> {job.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ol>
      )}
    </AdminFrame>
  );
}

const retry: PageAction<{ retryDeadLetter: boolean }> = {
  mutation: 'mutation AdminRetryDeadLetter($id: ID!) { retryDeadLetter(id: $id) }',
  variables: (fields) => ({ id: fields.id ?? '' }),
  redirect: () => doneUrl(PATH, 'retried'),
};

export const adminJobsPage: PageDefinition<AdminJobsData> = {
  path: PATH,
  access: { role: 'admin' },
  query: 'query AdminJobsPage { deadLetters(first: 50) { id name attempts maxAttempts lastError runAt } }',
  component: AdminJobsPage,
  title: (_props, t) => t('core.admin.jobs.title'),
  head: () => ({ noIndex: true }),
  actions: { retry },
};
